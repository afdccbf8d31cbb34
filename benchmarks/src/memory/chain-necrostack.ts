import { Event, ListensTo, Organ, Spine, type SpineSettings } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, validateSync } from 'class-validator';
import { quietLogger } from '../lib/quiet-logger';

/** The payload of PING and PONG, for the variant whose organs validate it. */
export class ChainDto {
  @IsInt() n!: number;
  @IsString() from!: string;
}

/** PING → PONG. Exported for the Nest-hosted variant, which lists it as a Nest provider. */
@Organ({ name: 'Relay' })
@ListensTo('PING')
export class Relay {
  handle(event: Event): Event {
    return new Event('PONG', { n: (event.payload.n as number) + 1, from: 'relay' });
  }
}

/** Counts PONGs. */
@Organ({ name: 'Sink' })
@ListensTo('PONG')
export class Sink {
  count = 0;
  handle(): void {
    this.count++;
  }
}

@Organ({ name: 'Relay' })
@ListensTo('PING', { payload: ChainDto })
class ValidatingRelay {
  handle(event: Event<ChainDto>): Event {
    return new Event('PONG', { n: event.payload.n + 1, from: 'relay' });
  }
}

@Organ({ name: 'Sink' })
@ListensTo('PONG', { payload: ChainDto })
class ValidatingSink {
  count = 0;
  handle(): void {
    this.count++;
  }
}

/** Options of {@link necrostackChain}: Spine settings, and whether both organs validate a DTO. */
export interface ChainOptions extends SpineSettings {
  readonly dto?: boolean;
}

/** PING → Relay → PONG → Sink on the in-memory backend; returns handler calls per second. */
export async function necrostackChain(inputs: number, options: ChainOptions = {}): Promise<number> {
  const { dto = false, ...settings } = options;
  const sink = dto ? new ValidatingSink() : new Sink();
  const relay = dto ? new ValidatingRelay() : new Relay();
  const backend = new InMemoryBackend();
  const spine = new Spine({ organs: [relay, sink], backend, logger: quietLogger(), maxSteps: inputs * 3, ...settings });
  const callsPerSecond = await timeChain(backend, spine, sink, inputs);
  await backend.close();
  return callsPerSecond;
}

/**
 * Runs `inputs` PINGs through a built chain and returns handler calls per second. As for every
 * peer, the clock starts once the input messages exist.
 */
export async function timeChain(backend: InMemoryBackend, spine: Spine, sink: { readonly count: number }, inputs: number): Promise<number> {
  const events = new Array<Event>(inputs);
  for (let i = 0; i < inputs; i++) events[i] = new Event('PING', { n: i, from: 'bench' });
  const started = process.hrtime.bigint();
  await backend.enqueue(events);
  await spine.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink.count !== inputs) throw new Error(`Sink saw ${sink.count} of ${inputs}`);
  return (inputs * 2) / seconds;
}

/**
 * The least any validating consumer of the chain does: `plainToInstance` + `validateSync` of
 * {@link ChainDto} on the payloads both organs validate (each PING's and each PONG's), as Events
 * carry them. Returns validations per second, one per handler call of the chain with DTOs.
 */
export function bareChainValidation(inputs: number): number {
  const payloads = new Array<object>(inputs * 2);
  for (let i = 0; i < inputs; i++) {
    payloads[2 * i] = new Event('PING', { n: i, from: 'bench' }).payload;
    payloads[2 * i + 1] = new Event('PONG', { n: i + 1, from: 'relay' }).payload;
  }
  const started = process.hrtime.bigint();
  for (const payload of payloads) {
    if (validateSync(plainToInstance(ChainDto, payload)).length > 0) throw new Error('invalid chain payload');
  }
  return payloads.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

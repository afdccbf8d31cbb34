import { Event, Spine } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { NecroStackModule } from '@necrostack/nestjs';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { quietLogger } from '../lib/quiet-logger';
import { Relay, Sink } from './chain-necrostack';

@Module({ providers: [Relay, Sink] })
class ChainModule {}

/**
 * The NecroStack chain hosted by NestJS: Relay and Sink are Nest providers of a feature module, the
 * Spine is NecroStackModule's (injected by its class), same backend, logger and options as the plain
 * contender. The clock starts once the application is up and the input events exist, as for the
 * plain Spine: what it measures is the cost of hosting, not Nest's bootstrap. Handler calls per second.
 */
export async function nestHostedChain(inputs: number): Promise<number> {
  const backend = new InMemoryBackend();
  const app = await NestFactory.createApplicationContext({
    module: ChainModule,
    imports: [NecroStackModule.forRoot({ backend, autoStart: false, spine: { logger: quietLogger(), maxSteps: inputs * 3 } })],
  }, { logger: false });
  const spine = app.get(Spine);
  const sink = app.get(Sink);
  const events = new Array<Event>(inputs);
  for (let i = 0; i < inputs; i++) events[i] = new Event('PING', { n: i, from: 'bench' });
  const started = process.hrtime.bigint();
  await backend.enqueue(events);
  await spine.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink.count !== inputs) throw new Error(`Sink saw ${sink.count} of ${inputs}`);
  await app.close();
  return (inputs * 2) / seconds;
}

import { Event, ListensTo, Organ, Spine, createLogger, type SpineSettings } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';

@Organ({ name: 'Relay' })
@ListensTo('PING')
class Relay {
  handle(event: Event): Event {
    return new Event('PONG', { n: (event.payload.n as number) + 1, from: 'relay' });
  }
}

@Organ({ name: 'Sink' })
@ListensTo('PONG')
class Sink {
  count = 0;
  handle(): void {
    this.count++;
  }
}

/** PING → Relay → PONG → Sink on the in-memory backend; returns handler calls per second. */
export async function necrostackChain(inputs: number, settings: SpineSettings = {}): Promise<number> {
  const sink = new Sink();
  const relay = new Relay();
  const backend = new InMemoryBackend();
  const spine = new Spine({
    organs: [relay, sink], backend, logger: createLogger({ stream: 'stderr' }), maxSteps: inputs * 3, ...settings,
  });
  const events = new Array<Event>(inputs);
  for (let i = 0; i < inputs; i++) events[i] = new Event('PING', { n: i, from: 'bench' });
  // As for every peer, the clock starts once the input messages exist.
  const started = process.hrtime.bigint();
  await backend.enqueue(events);
  await spine.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink.count !== inputs) throw new Error(`Sink saw ${sink.count} of ${inputs}`);
  await backend.close();
  return (inputs * 2) / seconds;
}

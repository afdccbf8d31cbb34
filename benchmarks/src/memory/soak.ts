import { Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { quietLogger } from '../lib/quiet-logger';

@Organ({ name: 'SoakRelay' })
@ListensTo('SOAK_IN')
class SoakRelay {
  handle(event: Event): Event {
    return new Event('SOAK_OUT', { n: event.payload.n as number });
  }
}

@Organ({ name: 'SoakSink' })
@ListensTo('SOAK_OUT')
class SoakSink {
  count = 0;
  handle(): void {
    this.count++;
  }
}

export interface Soak {
  readonly events: number;
  readonly heapBeforeMb: number;
  readonly heapAfterMb: number;
  readonly rssAfterMb: number;
  readonly seconds: number;
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

/**
 * Pushes `total` input events through a chain in rounds of `round`, measuring the heap after GC
 * before and after; `onProgress` hears the input events done every ten rounds.
 */
export async function soak(total: number, onProgress: (done: number) => void = () => undefined, round = 100_000): Promise<Soak> {
  const backend = new InMemoryBackend();
  const sink = new SoakSink();
  const spine = new Spine({ organs: [new SoakRelay(), sink], backend, logger: quietLogger(), maxSteps: round * 3 });
  // A first round warms up the JIT and the pools, so the heap is measured in steady state.
  await runRound(spine, backend, round);
  const heapBeforeMb = heapMb();
  const started = Date.now();
  for (let done = round; done < total; done += round) {
    await runRound(spine, backend, Math.min(round, total - done));
    if (done % (round * 10) === 0) onProgress(done);
  }
  const heapAfterMb = heapMb();
  await backend.close();
  if (sink.count !== total) throw new Error(`soak lost events: ${sink.count} of ${total}`);
  return { events: total, heapBeforeMb, heapAfterMb, rssAfterMb: process.memoryUsage().rss / 1e6, seconds: (Date.now() - started) / 1000 };
}

async function runRound(spine: Spine, backend: InMemoryBackend, count: number): Promise<void> {
  const events = new Array<Event>(count);
  for (let i = 0; i < count; i++) events[i] = new Event('SOAK_IN', { n: i });
  await backend.enqueue(events);
  await spine.run();
}

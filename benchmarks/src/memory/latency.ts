import { Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { percentiles } from '../lib/stats';
import { quietLogger } from '../lib/quiet-logger';

// Preallocated, and the send time travels in the payload: the harness allocates nothing per event
// beyond the event itself, so its own garbage does not show up as latency.
let samples = new Float64Array(0);
let received = 0;

@Organ({ name: 'LatencyProbe' })
@ListensTo('TICK')
class LatencyProbe {
  handle(event: Event): void {
    samples[received++] = performance.now() - (event.payload.sentAt as number);
  }
}

export interface Latency {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly achievedRate: number;
}

/**
 * Publishes at a steady `rate` events/s for `seconds` (in 1 ms slices) into a Spine running
 * forever, and measures enqueue → handler start in milliseconds.
 */
export async function dispatchLatency(rate: number, seconds: number): Promise<Latency> {
  samples = new Float64Array(rate * seconds);
  received = 0;
  const backend = new InMemoryBackend();
  const spine = new Spine({ organs: [new LatencyProbe()], backend, logger: quietLogger() });
  const running = spine.runForever();
  const perSlice = rate / 1000;
  const started = process.hrtime.bigint();
  let sent = 0;
  const total = rate * seconds;
  while (sent < total) {
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const due = Math.min(total, Math.floor(elapsedMs * perSlice));
    if (due > sent) {
      const batch: Event[] = [];
      for (; sent < due; sent++) {
        batch.push(new Event('TICK', { n: sent, sentAt: performance.now() }));
      }
      await backend.enqueue(batch);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const deadline = Date.now() + 5000;
  while (received < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await spine.stop();
  await running;
  await backend.close();
  return { ...percentiles(samples.subarray(0, received)), achievedRate: received / elapsed };
}

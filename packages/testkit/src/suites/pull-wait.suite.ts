import { performance } from 'node:perf_hooks';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { idsOf } from '../wait';

const IDLE_WAIT_MS = 300;
/** Timers may fire a little early relative to performance.now(); allow for it. */
const TIMER_SLACK_MS = 25;
const LONG_WAIT_MS = 10_000;

/** pull(max, waitMs): how long it waits, and that an enqueue ends the wait. */
export function pullWaitSuite(ctx: ConformanceContext): void {
  describe('pull with waitMs', () => {
    async function idleBackend() {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      return backend;
    }

    it('resolves [] at once with waitMs 0 when nothing is queued', async () => {
      const backend = await idleBackend();
      const started = performance.now();
      expect(await backend.pull(10, 0)).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it(`resolves [] after about waitMs when idle (waitMs ${IDLE_WAIT_MS})`, async () => {
      const backend = await idleBackend();
      const started = performance.now();
      expect(await backend.pull(10, IDLE_WAIT_MS)).toEqual([]);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(IDLE_WAIT_MS - TIMER_SLACK_MS);
      expect(elapsed).toBeLessThan(IDLE_WAIT_MS + 2_000);
    });

    it('resolves early, with the event, when one is enqueued during the wait', async () => {
      const backend = await idleBackend();
      const [event] = makeEvents('ORDER_PLACED', 1);
      const started = performance.now();
      const pulling = backend.pull(10, LONG_WAIT_MS);
      // A stimulus, not a sleep: the enqueue lands while the pull is (most likely) blocked.
      const enqueued = new Promise<void>((resolve, reject) => {
        setTimeout(() => backend.enqueue(event!).then(resolve, reject), 100);
      });
      const got = await pulling;
      await enqueued;
      expect(idsOf(got)).toEqual([event!.id]);
      expect(performance.now() - started).toBeLessThan(LONG_WAIT_MS / 2);
    });
  });
}

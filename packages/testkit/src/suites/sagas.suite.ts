import { Event, Saga, SagaInstance, SagaStep, Spine, sagas, silentLogger, type SagaStore } from '@necrostack/core';
import { itWhen, type ConformanceContext } from '../conformance-context';

interface Tally { n: number; by: number[] }

/** Adds each ADD's `by` to its key's tally; CLOSE completes the instance. */
@Saga<Tally>({ correlate: 'key', initialState: () => ({ n: 0, by: [] }) })
class TallySaga {
  runs = 0;

  @SagaStep('ADD', { starts: true })
  async add(event: Event<{ key: string; by: number }>, saga: SagaInstance<Tally>): Promise<void> {
    this.runs++;
    await new Promise((resolve) => setImmediate(resolve)); // widens the window between load and save
    saga.state.n += event.payload.by;
    saga.state.by.push(event.payload.by);
  }

  @SagaStep('CLOSE')
  close(_event: Event, saga: SagaInstance<Tally>): Event {
    saga.complete();
    return new Event('TALLY_CLOSED', { key: saga.key, n: saga.state.n });
  }
}

/** Schedules a payment timeout on ORDER_PLACED, cancels it on PAYMENT_RECEIVED, records the orders that expired. */
@Saga<{ paid: boolean }>({ correlate: 'order_id', initialState: () => ({ paid: false }) })
class CheckoutSaga {
  readonly expired: string[] = [];

  @SagaStep('ORDER_PLACED', { starts: true })
  placed(_event: Event, saga: SagaInstance<{ paid: boolean }>): void {
    saga.scheduleTimeout('payment', new Event('PAYMENT_TIMEOUT', { order_id: saga.key }, { delayMs: 150 }));
  }

  @SagaStep('PAYMENT_RECEIVED')
  paid(_event: Event, saga: SagaInstance<{ paid: boolean }>): void {
    saga.state.paid = true;
    saga.cancelTimeout('payment');
  }

  @SagaStep('PAYMENT_TIMEOUT')
  timedOut(_event: Event, saga: SagaInstance<{ paid: boolean }>): void {
    this.expired.push(saga.key);
    saga.complete();
  }
}

/** Saga stores (the fixture's `sagaStore`): optimistic concurrency, expiry, and sagas run through the backend. */
export function sagasSuite(ctx: ConformanceContext): void {
  const caps = ctx.capabilities;

  async function runUntil(spines: readonly Spine[], done: () => Promise<boolean>, what: string, work: () => Promise<void>): Promise<void> {
    const running = spines.map((spine) => spine.runForever());
    try {
      await work();
      await ctx.waitFor(done, what);
    } finally {
      await Promise.all(spines.map((spine) => spine.stop()));
      await Promise.all(running);
    }
  }

  const versionOf = async (store: SagaStore, saga: string, key: string) => (await store.load(saga, key))?.version ?? 0;

  describe('saga store', () => {
    itWhen(caps.sagaStore, 'sagaStore', 'saves over the version it read only, and forgets an instance once its time to live ran out', async () => {
      const store = await ctx.sagaStore(await ctx.open());
      expect(await store.load('S', 'k')).toBeUndefined();
      expect(await store.save('S', 'k', 0, '{"a":1}')).toBe(true);
      expect(await store.save('S', 'k', 0, '{"a":2}')).toBe(false);
      expect(await store.save('S', 'k', 2, '{"a":2}')).toBe(false);
      expect(await store.load('S', 'k')).toEqual({ version: 1, data: '{"a":1}' });
      expect(await store.load('S', 'other')).toBeUndefined();
      expect(await store.load('Other', 'k')).toBeUndefined();
      expect(await store.save('S', 'k', 1, '{"a":3}', 100)).toBe(true);
      expect(await store.load('S', 'k')).toEqual({ version: 2, data: '{"a":3}' });
      await ctx.waitFor(async () => (await store.load('S', 'k')) === undefined, 'the instance to expire');
      expect(await store.save('S', 'k', 0, '{"a":4}')).toBe(true);
      expect(await store.load('S', 'k')).toEqual({ version: 1, data: '{"a":4}' });
    });

    itWhen(caps.sagaStore, 'sagaStore', 'loses no update when two workers handle deliveries of the same keys at once', async () => {
      const first = await ctx.open();
      const second = caps.competingConsumers ? await ctx.open() : first;
      const store = await ctx.sagaStore(first);
      const workers = [first, second].map((backend) => {
        const saga = new TallySaga();
        const spine = new Spine({
          organs: [saga], backend, logger: silentLogger, concurrency: 8, pollIntervalMs: 10,
          middleware: [sagas({ store, maxConflictRetries: 200 })],
        });
        return { saga, spine };
      });
      const adds = Array.from({ length: 120 }, (_, i) => new Event('ADD', { key: `k${i % 3}`, by: i }));
      const keys = ['k0', 'k1', 'k2'];
      const allAdded = async () => (await Promise.all(keys.map((k) => versionOf(store, 'TallySaga', k)))).every((v) => v === 40);
      await runUntil(workers.map((w) => w.spine), allAdded, 'every ADD to be saved', () => workers[0]!.spine.publish(adds));
      for (const [i, key] of keys.entries()) {
        const state = (JSON.parse((await store.load('TallySaga', key))!.data) as { state: Tally }).state;
        const expected = adds.map((e) => e.payload.by).filter((by) => by % 3 === i);
        expect(state.n).toBe(expected.reduce((a, b) => a + b, 0));
        expect([...state.by].sort((a, b) => a - b)).toEqual(expected);
      }
      expect(workers[0]!.saga.runs + workers[1]!.saga.runs).toBeGreaterThanOrEqual(adds.length);
    });

    itWhen(caps.sagaStore && caps.delayedDelivery, 'sagaStore', 'fires a saga timeout through the delayed events of the backend, and ignores a cancelled one', async () => {
      const backend = await ctx.open();
      const store = await ctx.sagaStore(backend);
      const checkout = new CheckoutSaga();
      const spine = new Spine({ organs: [checkout], backend, logger: silentLogger, pollIntervalMs: 10, middleware: [sagas({ store })] });
      // R-1's cancelled timeout is delivered too, and ignored: 2 orders + 1 payment + 2 timeouts.
      const settled = async () => checkout.expired.length > 0 && spine.getStats().eventsProcessed >= 5;
      // Each order's events share a correlation id: without a global order, only that keeps R-1's payment after its order.
      const ofOrder = (type: string, order: string) => new Event(type, { order_id: order }, { correlationId: order });
      await runUntil([spine], settled, 'the timeouts', async () => {
        await spine.publish([ofOrder('ORDER_PLACED', 'R-1'), ofOrder('ORDER_PLACED', 'R-2')]);
        await spine.publish(ofOrder('PAYMENT_RECEIVED', 'R-1'));
      });
      expect(checkout.expired).toEqual(['R-2']);
      const r1 = JSON.parse((await store.load('CheckoutSaga', 'R-1'))!.data) as { state: object; timeouts?: object };
      expect(r1.state).toEqual({ paid: true });
      expect(r1.timeouts).toBeUndefined();
      const r2 = JSON.parse((await store.load('CheckoutSaga', 'R-2'))!.data) as { completed_at?: string };
      expect(r2.completed_at).toEqual(expect.any(String));
    });
  });
}

// Saga timeouts: delayed events addressed to one instance, fired only while still pending.
import { Event, OrganDefinitionError, Saga, SagaInstance, SagaStep, Spine, sagas, silentLogger } from '../src';
import { InMemoryBackend, InMemorySagaStore } from '@necrostack/backend-memory';
import { waitFor } from './helpers';

interface Checkout { status: 'awaiting-payment' | 'paid' | 'expired'; reminders: number }

@Saga<Checkout>({ correlate: 'order_id', initialState: () => ({ status: 'awaiting-payment', reminders: 0 }) })
class CheckoutSaga {
  readonly expired: string[] = [];
  readonly reminded: string[] = [];

  @SagaStep('ORDER_PLACED', { starts: true })
  placed(event: Event<{ order_id: string; wait_ms: number }>, saga: SagaInstance<Checkout>) {
    saga.scheduleTimeout('payment', new Event('PAYMENT_TIMEOUT', { order_id: saga.key }, { delayMs: event.payload.wait_ms }));
    saga.scheduleTimeout('reminder', new Event('REMIND', { order_id: saga.key }, { delayMs: 1 }));
  }

  @SagaStep('REMIND')
  remind(_event: Event, saga: SagaInstance<Checkout>) {
    saga.state.reminders++;
    this.reminded.push(saga.key);
  }

  @SagaStep('PAYMENT_RECEIVED')
  paid(_event: Event, saga: SagaInstance<Checkout>) {
    saga.state.status = 'paid';
    saga.cancelTimeout('payment');
    saga.complete();
  }

  @SagaStep('POSTPONE')
  postpone(event: Event<{ order_id: string; wait_ms: number }>, saga: SagaInstance<Checkout>) {
    saga.scheduleTimeout('payment', new Event('PAYMENT_TIMEOUT', { order_id: saga.key }, { delayMs: event.payload.wait_ms }));
  }

  @SagaStep('PAYMENT_TIMEOUT')
  timedOut(_event: Event, saga: SagaInstance<Checkout>) {
    saga.state.status = 'expired';
    this.expired.push(saga.key);
    saga.complete();
    return new Event('ORDER_EXPIRED', { order_id: saga.key });
  }
}

async function withSpine(saga: CheckoutSaga, body: (spine: Spine, store: InMemorySagaStore) => Promise<void>): Promise<void> {
  const store = new InMemorySagaStore();
  const spine = new Spine({
    organs: [saga], backend: new InMemoryBackend(), logger: silentLogger, pollIntervalMs: 5, middleware: [sagas({ store })],
  });
  const running = spine.runForever();
  try {
    await body(spine, store);
  } finally {
    await spine.stop();
    await running;
  }
}

const stateOf = async (store: InMemorySagaStore, key: string) => JSON.parse((await store.load('CheckoutSaga', key))?.data ?? 'null');

describe('saga timeouts', () => {
  it('fires a pending timeout at its time, addressed to its instance, and completes the instance', async () => {
    const saga = new CheckoutSaga();
    await withSpine(saga, async (spine, store) => {
      const placedAt = Date.now();
      await spine.publish([new Event('ORDER_PLACED', { order_id: 'T-1', wait_ms: 60 }), new Event('ORDER_PLACED', { order_id: 'T-2', wait_ms: 60_000 })]);
      await waitFor(() => saga.expired.length === 1, 'the timeout of T-1');
      expect(Date.now() - placedAt).toBeGreaterThanOrEqual(60);
      expect(saga.expired).toEqual(['T-1']);
      expect(saga.reminded.sort()).toEqual(['T-1', 'T-2']);
      const t1 = await stateOf(store, 'T-1');
      expect(t1.state).toEqual({ status: 'expired', reminders: 1 });
      expect(t1.completed_at).toEqual(expect.any(String));
      const t2 = await stateOf(store, 'T-2');
      expect(Object.keys(t2.timeouts)).toEqual(['payment']); // the reminder fired; the payment timeout waits
    });
  });

  it('ignores a cancelled timeout, and a replaced one', async () => {
    const saga = new CheckoutSaga();
    await withSpine(saga, async (spine, store) => {
      await spine.publish([new Event('ORDER_PLACED', { order_id: 'C-1', wait_ms: 200 }), new Event('ORDER_PLACED', { order_id: 'C-2', wait_ms: 200 })]);
      await waitFor(() => saga.reminded.length === 2, 'both instances');
      await spine.publish([new Event('PAYMENT_RECEIVED', { order_id: 'C-1' }), new Event('POSTPONE', { order_id: 'C-2', wait_ms: 400 })]);
      // 2 placed, 2 reminders, the payment, the postponement, then the two first timeouts: ignored.
      await waitFor(() => spine.getStats().eventsProcessed >= 8, 'the first timeouts to be delivered');
      expect(saga.expired).toEqual([]);
      expect((await stateOf(store, 'C-1')).state.status).toBe('paid');
      await waitFor(() => saga.expired.length === 1, 'the postponed timeout');
      expect(saga.expired).toEqual(['C-2']);
    });
  });

  it('refuses a timeout that is not delayed, or of a type the saga does not handle', () => {
    const instance = new SagaInstance('k', {}, true, 'CheckoutSaga', new Set(['PAYMENT_TIMEOUT']));
    expect(() => instance.scheduleTimeout('payment', new Event('PAYMENT_TIMEOUT', {}))).toThrow(
      new OrganDefinitionError('CheckoutSaga', 'the timeout payment (PAYMENT_TIMEOUT) is not a delayed event'),
    );
    expect(() => instance.scheduleTimeout('x', new Event('UNKNOWN', {}, { delayMs: 5 }))).toThrow(/UNKNOWN event, which no @SagaStep\(\) of the saga handles/);
    expect(() => instance.scheduleTimeout('', new Event('PAYMENT_TIMEOUT', {}, { delayMs: 5 }))).toThrow(/non-empty name/);
  });
});

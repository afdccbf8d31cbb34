import {
  ConfigurationError, Event, HandlerFailureMode, OrganDefinitionError, Saga, SagaConflictError, SagaCorrelationError, SagaInstance,
  SagaStep, getOrganMetadata, sagas, type SagaStore,
} from '../src';
import { InMemorySagaStore } from '@necrostack/backend-memory';
import { runOrgans } from '@necrostack/testing';

interface OrderState {
  status: 'placed' | 'paid';
  amount: number;
  steps: string[];
}

@Saga<OrderState>({ correlate: 'order_id', initialState: () => ({ status: 'placed', amount: 0, steps: [] }) })
class OrderSaga {
  calls = 0;

  @SagaStep('ORDER_PLACED', { starts: true })
  placed(event: Event<{ order_id: string; amount: number }>, saga: SagaInstance<OrderState>) {
    this.calls++;
    saga.state.amount = event.payload.amount;
    saga.state.steps.push('placed');
    return new Event('CHARGE_CARD', { order_id: saga.key, amount: event.payload.amount });
  }

  @SagaStep('PAYMENT_PROCESSED')
  paid(_event: Event, saga: SagaInstance<OrderState>) {
    this.calls++;
    saga.state.status = 'paid';
    saga.state.steps.push('paid');
    saga.complete();
    return new Event('ORDER_CONFIRMED', { order_id: saga.key, amount: saga.state.amount });
  }
}

async function storedState(store: SagaStore, saga: string, key: string): Promise<{ version: number; doc: Record<string, unknown> } | undefined> {
  const stored = await store.load(saga, key);
  return stored && { version: stored.version, doc: JSON.parse(stored.data) as Record<string, unknown> };
}

describe('Sagas on the in-memory backend', () => {
  it('is an organ: steps run in order per key, state persists between them, and completion is stored', async () => {
    const store = new InMemorySagaStore();
    const saga = new OrderSaga();
    const run = await runOrgans([saga], [
      new Event('ORDER_PLACED', { order_id: 'A-1', amount: 30 }),
      new Event('ORDER_PLACED', { order_id: 'A-2', amount: 45 }),
    ], { middleware: [sagas({ store })] });
    expect(getOrganMetadata(OrderSaga)?.name).toBe('OrderSaga');
    expect(run.emittedOfType('CHARGE_CARD').map((e) => e.payload)).toEqual([{ order_id: 'A-1', amount: 30 }, { order_id: 'A-2', amount: 45 }]);

    const second = await runOrgans([saga], [new Event('PAYMENT_PROCESSED', { order_id: 'A-1' })], { middleware: [sagas({ store })] });
    expect(second.emittedOfType('ORDER_CONFIRMED').map((e) => e.payload)).toEqual([{ order_id: 'A-1', amount: 30 }]);
    const a1 = await storedState(store, 'OrderSaga', 'A-1');
    expect(a1?.version).toBe(2);
    expect(a1?.doc.state).toEqual({ status: 'paid', amount: 30, steps: ['placed', 'paid'] });
    expect(typeof a1?.doc.completed_at).toBe('string');
    expect((await storedState(store, 'OrderSaga', 'A-2'))?.doc.state).toEqual({ status: 'placed', amount: 45, steps: ['placed'] });
  });

  it('ignores events for a completed instance and events that find no instance and do not start one', async () => {
    const store = new InMemorySagaStore();
    const saga = new OrderSaga();
    const options = { middleware: [sagas({ store })] };
    await runOrgans([saga], [new Event('ORDER_PLACED', { order_id: 'B-1', amount: 1 }), new Event('PAYMENT_PROCESSED', { order_id: 'B-1' })], options);
    expect(saga.calls).toBe(2);
    const late = await runOrgans([saga], [
      new Event('PAYMENT_PROCESSED', { order_id: 'B-1' }), // completed
      new Event('ORDER_PLACED', { order_id: 'B-1', amount: 1 }), // a new start event: the instance is over
      new Event('PAYMENT_PROCESSED', { order_id: 'never-placed' }),
    ], options);
    expect(saga.calls).toBe(2);
    expect(late.emitted).toEqual([]);
    expect(late.deadLetters).toEqual([]);
    expect(late.stats.eventsProcessed).toBe(3);
  });

  it('does not apply a redelivered event twice: the events its step returned are returned again, same ids', async () => {
    const store = new InMemorySagaStore();
    const saga = new OrderSaga();
    const placed = new Event('ORDER_PLACED', { order_id: 'C-1', amount: 5 });
    const first = await runOrgans([saga], [placed], { middleware: [sagas({ store })] });
    const again = await runOrgans([saga], [placed], { middleware: [sagas({ store })] });
    expect(saga.calls).toBe(1);
    expect(again.emitted.map((e) => e.id)).toEqual(first.emitted.map((e) => e.id));
    expect(again.emitted[0]?.payload).toEqual({ order_id: 'C-1', amount: 5 });
    expect((await storedState(store, 'OrderSaga', 'C-1'))?.version).toBe(1);
  });

  it('never loses an update when deliveries of one key run concurrently (a conflicting save redoes the step)', async () => {
    @Saga<{ n: number }>({ correlate: 'key', initialState: () => ({ n: 0 }) })
    class Counter {
      runs = 0;
      @SagaStep('ADD', { starts: true })
      async add(event: Event<{ key: string; by: number }>, saga: SagaInstance<{ n: number }>) {
        this.runs++;
        const before = saga.state.n;
        await new Promise((resolve) => setImmediate(resolve)); // let the other deliveries load the same version
        saga.state.n = before + event.payload.by;
      }
    }
    const store = new InMemorySagaStore();
    const counter = new Counter();
    const adds = Array.from({ length: 40 }, (_, i) => new Event('ADD', { key: i % 2 === 0 ? 'even' : 'odd', by: i }));
    const run = await runOrgans([counter], adds, { concurrency: 16, middleware: [sagas({ store, maxConflictRetries: 100 })] });
    expect(run.deadLetters).toEqual([]);
    const sum = (parity: number) => adds.map((e) => e.payload.by).filter((by) => by % 2 === parity).reduce((a, b) => a + b, 0);
    expect((await storedState(store, 'Counter', 'even'))?.doc.state).toEqual({ n: sum(0) });
    expect((await storedState(store, 'Counter', 'odd'))?.doc.state).toEqual({ n: sum(1) });
    expect((await storedState(store, 'Counter', 'even'))?.version).toBe(20);
    expect(counter.runs).toBeGreaterThan(40); // some steps were redone after a conflict
  });

  it('skips the load for an instance this process saved last, and redoes a step whose cached copy went stale', async () => {
    const inner = new InMemorySagaStore();
    let loads = 0;
    const counting: SagaStore = { load: (saga, key) => { loads++; return inner.load(saga, key); }, save: (...args) => inner.save(...args) };
    const saga = new OrderSaga();
    const placed = new Event('ORDER_PLACED', { order_id: 'G-1', amount: 7 });
    const worker = sagas({ store: counting });
    await runOrgans([saga], [placed], { middleware: [worker] });
    expect(loads).toBe(1); // the instance did not exist
    // Another process moves the instance on behind this one's back.
    const stored = await inner.load('OrderSaga', 'G-1');
    const doc = JSON.parse(stored!.data) as { state: OrderState };
    doc.state.steps.push('elsewhere');
    expect(await inner.save('OrderSaga', 'G-1', stored!.version, JSON.stringify(doc))).toBe(true);

    const paid = await runOrgans([saga], [new Event('PAYMENT_PROCESSED', { order_id: 'G-1' })], { middleware: [worker] });
    expect(loads).toBe(2); // the cached copy was tried first, its save refused, then the store's loaded
    expect(paid.emittedOfType('ORDER_CONFIRMED')).toHaveLength(1);
    expect(JSON.parse((await inner.load('OrderSaga', 'G-1'))!.data).state.steps).toEqual(['placed', 'elsewhere', 'paid']);

    const uncached = sagas({ store: counting, cacheSize: 0 });
    await runOrgans([saga], [new Event('ORDER_PLACED', { order_id: 'G-2', amount: 1 }), new Event('PAYMENT_PROCESSED', { order_id: 'G-2' })], { middleware: [uncached] });
    expect(loads).toBe(4);
  });

  it('fails with SagaConflictError once maxConflictRetries saves in a row lost', async () => {
    const inner = new InMemorySagaStore();
    const losing: SagaStore = { load: (saga, key) => inner.load(saga, key), save: async () => false };
    const run = await runOrgans([new OrderSaga()], [new Event('ORDER_PLACED', { order_id: 'D-1', amount: 1 })], {
      middleware: [sagas({ store: losing, maxConflictRetries: 2 })], retryAttempts: 1,
    });
    expect(run.deadLetters).toHaveLength(1);
    expect(run.deadLetters[0]?.error.name).toBe(SagaConflictError.name);
    expect(run.deadLetters[0]?.error.message).toBe('Saga OrderSaga (key "D-1"): 3 saves in a row lost to concurrent writes');
    expect(run.emitted).toEqual([]);
  });

  it('dead-letters a failing step or a missing key for that delivery only; the saga goes on for other keys', async () => {
    @Saga({ correlate: (event) => event.payload.order_id as string })
    class Picky {
      @SagaStep('ORDER_PLACED', { starts: true })
      placed(event: Event<{ order_id: string; fail?: boolean }>) {
        if (event.payload.fail) throw new Error(`cannot place ${event.payload.order_id}`);
        return new Event('PLACED_OK', { order_id: event.payload.order_id });
      }
    }
    const store = new InMemorySagaStore();
    const run = await runOrgans([new Picky()], [
      new Event('ORDER_PLACED', { order_id: 'E-1', fail: true }),
      new Event('ORDER_PLACED', { nothing: 'here' }),
      new Event('ORDER_PLACED', { order_id: 'E-2' }),
    ], { middleware: [sagas({ store })], handlerFailureMode: HandlerFailureMode.STORE, retryAttempts: 1 });
    expect(run.deadLetters.map((d) => [d.error.name, d.error.message])).toEqual([
      ['Error', 'cannot place E-1'],
      [SagaCorrelationError.name, 'Saga Picky: a ORDER_PLACED event has no correlation key: the correlate function returned undefined'],
    ]);
    expect(run.emittedOfType('PLACED_OK').map((e) => e.payload)).toEqual([{ order_id: 'E-2' }]);
    expect(await store.load('Picky', 'E-1')).toBeUndefined();
  });

  it('fails a step that leaves a state that is not an object, saving nothing', async () => {
    @Saga({ correlate: 'id' })
    class Wiper {
      @SagaStep('WIPE', { starts: true })
      wipe(_event: Event, saga: SagaInstance) {
        (saga as { state: unknown }).state = null;
      }
    }
    const store = new InMemorySagaStore();
    const run = await runOrgans([new Wiper()], [new Event('WIPE', { id: 'W-1' })], { middleware: [sagas({ store })], retryAttempts: 1 });
    expect(run.deadLetters[0]?.error.message).toBe('Organ Wiper: a WIPE step set saga.state to null');
    expect(await store.load('Wiper', 'W-1')).toBeUndefined();
    expect(() => Saga(undefined as never)(class Nameless {})).toThrow(/needs correlate/);
  });

  it('refuses to run a step without the sagas() middleware, saying how to add it', async () => {
    const run = await runOrgans([new OrderSaga()], [new Event('ORDER_PLACED', { order_id: 'F-1', amount: 1 })], { retryAttempts: 1 });
    expect(run.deadLetters[0]?.error.name).toBe(ConfigurationError.name);
    expect(run.deadLetters[0]?.error.message).toMatch(/OrderSaga is a saga, but the Spine runs it without the sagas\(\{ store \}\) middleware/);
  });

  it('checks its definition and options', () => {
    expect(() => {
      @Saga({ correlate: 'id' })
      class NoStart {
        @SagaStep('X') x() {}
      }
      return NoStart;
    }).toThrow(new OrganDefinitionError('NoStart', 'no step starts the saga'));
    expect(() => {
      @Saga({ correlate: 'id' })
      class NoSteps {}
      return NoSteps;
    }).toThrow(/needs at least one @SagaStep\(\) method/);
    expect(() => Saga({} as never)(class Nameless {})).toThrow(/needs correlate/);
    expect(() => sagas({} as never)).toThrow(ConfigurationError);
    expect(() => sagas({ store: new InMemorySagaStore(), maxConflictRetries: -1 })).toThrow(/maxConflictRetries: must be an integer ≥ 0, got -1/);
  });
});

describe('InMemorySagaStore', () => {
  it('writes only over the version it was given, and expires completed instances', async () => {
    const store = new InMemorySagaStore();
    expect(await store.save('S', 'k', 1, '{}')).toBe(false);
    expect(await store.save('S', 'k', 0, '{"a":1}')).toBe(true);
    expect(await store.save('S', 'k', 0, '{"a":2}')).toBe(false);
    expect(await store.load('S', 'k')).toEqual({ version: 1, data: '{"a":1}' });
    expect(await store.save('S', 'k', 1, '{"a":3}', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.load('S', 'k')).toBeUndefined();
  });

  it('refuses a new instance past maxInstances, once expired ones are dropped', async () => {
    const store = new InMemorySagaStore({ maxInstances: 2 });
    await store.save('S', 'a', 0, '{}', 1);
    await store.save('S', 'b', 0, '{}');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.save('S', 'c', 0, '{}')).toBe(true);
    await expect(store.save('S', 'd', 0, '{}')).rejects.toThrow('InMemorySagaStore is full: it holds 2 saga instances (maxInstances)');
    expect(await store.save('S', 'b', 1, '{"more":1}')).toBe(true);
    expect(() => new InMemorySagaStore({ maxInstances: 0 })).toThrow(ConfigurationError);
  });
});

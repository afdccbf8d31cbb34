// Dead letters: the Spine's failedEventStore, InMemoryFailedEventStore, and replay to the organ that failed.
import { performance } from 'node:perf_hooks';
import {
  ConfigurationError, Event, ListensTo, Organ, Spine, silentLogger,
  type FailedEvent, type SpineOptions,
} from '../src';
import { DEFAULT_FAILED_EVENT_STORE_SIZE, InMemoryBackend, InMemoryFailedEventStore } from '@necrostack/backend-memory';

function spineFor(organs: readonly object[], options: Partial<SpineOptions> = {}, backend = new InMemoryBackend()) {
  const spine = new Spine({ logger: silentLogger, retryBaseDelayMs: 1, retryAttempts: 1, ...options, organs, backend });
  return { spine, backend };
}

function entry(n: number): FailedEvent {
  return {
    id: String(n), event: undefined, raw: `raw-${n}`, error: { name: 'Error', message: `e${n}` },
    organ: 'O', group: 'O', attempts: 1, failedAt: new Date(0),
  };
}

/** Fails until `fixed`; records every event it handled successfully. */
@Organ()
@ListensTo('ORDER_PLACED')
class Billing {
  fixed = false;
  calls = 0;
  readonly handled: string[] = [];
  handle(event: Event) {
    this.calls++;
    if (!this.fixed) throw new Error('billing down');
    this.handled.push(event.id);
  }
}

@Organ()
@ListensTo('ORDER_PLACED')
class Shipping {
  fixed = false;
  calls = 0;
  handle() {
    this.calls++;
    if (!this.fixed) throw new Error('shipping down');
  }
}

@Organ()
@ListensTo('ORDER_PLACED')
class Analytics {
  calls = 0;
  handle() {
    this.calls++;
  }
}

describe('failedEventStore', () => {
  it("is the backend's dead-letter store by default", async () => {
    const { spine, backend } = spineFor([new Billing()]);
    expect(spine.failedEventStore).toBe(backend.deadLetters);
    await spine.run(new Event('ORDER_PLACED'));
    expect(backend.deadLetters.size).toBe(1);
  });

  it('is the store given as an option, which gets a copy of every dead letter', async () => {
    const store = new InMemoryFailedEventStore();
    const { spine, backend } = spineFor([new Billing(), new Shipping()], { failedEventStore: store });
    expect(spine.failedEventStore).toBe(store);
    const sent = new Event('ORDER_PLACED', { orderId: 'A-1' });
    await spine.run(sent);
    expect(store.size).toBe(2);
    expect(backend.deadLetters.size).toBe(2);
    const copies = store.getAll();
    expect(copies.map((c) => c.organ).sort()).toEqual(['Billing', 'Shipping']);
    expect(copies.every((c) => c.event?.id === sent.id)).toBe(true);
    expect(copies.map((c) => c.error.message).sort()).toEqual(['billing down', 'shipping down']);
  });

  it('can be cleared', async () => {
    const { spine } = spineFor([new Billing()]);
    await spine.run(new Event('ORDER_PLACED'));
    await spine.failedEventStore.clear();
    expect(spine.failedEventStore.size).toBe(0);
    expect(await spine.failedEventStore.getAll()).toEqual([]);
  });
});

describe('InMemoryFailedEventStore', () => {
  it('keeps entries oldest first', () => {
    const store = new InMemoryFailedEventStore();
    for (let n = 1; n <= 3; n++) store.add(entry(n));
    expect(store.getAll().map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(store.size).toBe(3);
    expect(store.droppedCount).toBe(0);
  });

  it('is bounded: when full it evicts the oldest and counts it in droppedCount', () => {
    const store = new InMemoryFailedEventStore({ maxSize: 3 });
    for (let n = 1; n <= 5; n++) store.add(entry(n));
    expect(store.getAll().map((e) => e.id)).toEqual(['3', '4', '5']);
    expect(store.size).toBe(3);
    expect(store.droppedCount).toBe(2);
  });

  it('keeps droppedCount across clear()', () => {
    const store = new InMemoryFailedEventStore({ maxSize: 1 });
    store.add(entry(1));
    store.add(entry(2));
    store.clear();
    expect(store.size).toBe(0);
    expect(store.droppedCount).toBe(1);
    store.add(entry(3));
    expect(store.getAll().map((e) => e.id)).toEqual(['3']);
  });

  it(`holds ${DEFAULT_FAILED_EVENT_STORE_SIZE} entries by default`, () => {
    const store = new InMemoryFailedEventStore();
    for (let n = 0; n < DEFAULT_FAILED_EVENT_STORE_SIZE + 5; n++) store.add(entry(n));
    expect(store.size).toBe(DEFAULT_FAILED_EVENT_STORE_SIZE);
    expect(store.droppedCount).toBe(5);
    expect(store.getAll()[0]?.id).toBe('5');
  });

  it('evicts in constant time: 200,000 evictions from a full store of 100,000 stay fast', () => {
    const store = new InMemoryFailedEventStore({ maxSize: 100_000 });
    const item = entry(0);
    const started = performance.now();
    for (let n = 0; n < 300_000; n++) store.add(item);
    // Linear eviction (Array#splice(0, 1) on 100,000 entries, 200,000 times) takes far longer.
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(store.droppedCount).toBe(200_000);
    expect(store.size).toBe(100_000);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxSize %p', (maxSize) => {
    expect(() => new InMemoryFailedEventStore({ maxSize })).toThrow(ConfigurationError);
  });
});

describe('dead-letter replay', () => {
  it('re-delivers every dead letter to the organ that failed, and only to it', async () => {
    const billing = new Billing();
    const analytics = new Analytics();
    const { spine, backend } = spineFor([billing, analytics]);
    const events = [new Event('ORDER_PLACED', { n: 1 }), new Event('ORDER_PLACED', { n: 2 })];
    await spine.run(events);
    expect(backend.deadLetters.size).toBe(2);

    billing.fixed = true;
    expect(await backend.deadLetters.replay()).toBe(2);
    expect(backend.deadLetters.size).toBe(0);
    await spine.run();
    expect(billing.handled).toEqual(events.map((e) => e.id));
    expect(analytics.calls).toBe(2);
  });

  it("replays one organ's dead letters", async () => {
    const billing = new Billing();
    const shipping = new Shipping();
    const analytics = new Analytics();
    const { spine, backend } = spineFor([billing, shipping, analytics]);
    await spine.run(new Event('ORDER_PLACED'));
    billing.fixed = true;
    shipping.fixed = true;

    expect(await backend.deadLetters.replay({ organ: 'Billing' })).toBe(1);
    await spine.run();
    expect([billing.calls, shipping.calls, analytics.calls]).toEqual([2, 1, 1]);
    expect(backend.deadLetters.getAll().map((l) => l.organ)).toEqual(['Shipping']);
  });

  it('replays one dead letter by id', async () => {
    const billing = new Billing();
    const { spine, backend } = spineFor([billing]);
    const [first, second] = [new Event('ORDER_PLACED'), new Event('ORDER_PLACED')];
    await spine.run([first, second]);
    const target = backend.deadLetters.getAll().find((l) => l.event?.id === second.id);
    billing.fixed = true;

    expect(await backend.deadLetters.replay({ id: target?.id as string })).toBe(1);
    await spine.run();
    expect(billing.handled).toEqual([second.id]);
    expect(backend.deadLetters.getAll().map((l) => l.event?.id)).toEqual([first.id]);
  });

  it('replays nothing for an unknown organ or id', async () => {
    const { spine, backend } = spineFor([new Billing()]);
    await spine.run(new Event('ORDER_PLACED'));
    expect(await backend.deadLetters.replay({ organ: 'Nobody' })).toBe(0);
    expect(await backend.deadLetters.replay({ id: 'no-such-id' })).toBe(0);
    expect(backend.deadLetters.size).toBe(1);
  });

  it('dead-letters a replayed event again when the organ still fails', async () => {
    const billing = new Billing();
    const { spine, backend } = spineFor([billing]);
    await spine.run(new Event('ORDER_PLACED'));
    await backend.deadLetters.replay();
    await spine.run();
    expect(billing.calls).toBe(2);
    expect(backend.deadLetters.size).toBe(1);
  });
});

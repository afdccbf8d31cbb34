import { BackendFullError, Event, EventValidationError } from '@necrostack/core';
import { InMemoryBackend, InMemorySagaStore } from '@necrostack/backend-memory';
import { describeBackendConformance, idsOf, pullDeliveries } from '@necrostack/testkit';

describeBackendConformance('InMemoryBackend', {
  capabilities: { persistent: false, idempotentSubscriptions: true, delayedDelivery: true, recurringSchedules: true, sagaStore: true },
  setup: () => {
    const store = new InMemorySagaStore();
    return { createBackend: (options) => new InMemoryBackend(options), sagaStore: () => store };
  },
});

function orders(count: number): Event[] {
  return Array.from({ length: count }, (_, n) => new Event('ORDER_PLACED', { n }));
}

describe('InMemoryBackend', () => {
  describe('with maxSize', () => {
    it('rejects a batch that would exceed maxSize with BackendFullError, storing nothing of it', async () => {
      const backend = new InMemoryBackend({ maxSize: 3 });
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const kept = orders(2);
      await backend.enqueue(kept);
      const error = await backend.enqueue(orders(2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendFullError);
      expect(error).toMatchObject({ code: 'NECRO_BACKEND_FULL', maxSize: 3, attempted: 2 });
      expect(backend.size).toBe(2);
      expect(idsOf(await backend.pull(10, 0))).toEqual(kept.map((e) => e.id));
      await backend.close();
    });

    it('accepts a batch that fills it exactly, and makes room once every group has read', async () => {
      const backend = new InMemoryBackend({ maxSize: 3 });
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      await backend.enqueue(orders(3));
      await expect(backend.enqueue(orders(1))).rejects.toBeInstanceOf(BackendFullError);
      expect(await backend.pull(10, 0)).toHaveLength(3);
      await expect(backend.enqueue(orders(3))).resolves.toBeUndefined();
      expect(backend.size).toBe(3);
      await backend.close();
    });

    it('stores nothing of a batch holding something that is not an Event', async () => {
      const backend = new InMemoryBackend();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const batch = [...orders(1), { eventType: 'ORDER_PLACED' }] as unknown as Event[];
      await expect(backend.enqueue(batch)).rejects.toBeInstanceOf(EventValidationError);
      expect(backend.size).toBe(0);
      await backend.close();
    });
  });

  describe('with delayed events', () => {
    it('counts delayed events in maxSize until they are due, and in delayedCount', async () => {
      const backend = new InMemoryBackend({ maxSize: 3 });
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const later = [new Event('ORDER_PLACED', { n: 0 }, { delayMs: 60_000 }), new Event('ORDER_PLACED', { n: 1 }, { delayMs: 60_000 })];
      await backend.enqueue(later);
      expect([backend.size, backend.delayedCount]).toEqual([2, 2]);
      await expect(backend.enqueue(orders(2))).rejects.toBeInstanceOf(BackendFullError);
      await backend.enqueue(orders(1));
      expect(await backend.pull(10, 0)).toHaveLength(1);
      await backend.close();
      expect(backend.delayedCount).toBe(0);
    });

    it('hands out events due at the same time in the order they were enqueued', async () => {
      const backend = new InMemoryBackend();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const deliverAt = new Date(Date.now() + 50);
      const events = Array.from({ length: 20 }, (_, n) => new Event('ORDER_PLACED', { n }, { deliverAt }));
      await backend.enqueue(events);
      const pulled = await pullDeliveries(backend, 20, { timeoutMs: 5_000 });
      expect(idsOf(pulled)).toEqual(events.map((e) => e.id));
      await backend.close();
    });
  });

  describe('unroutedCount', () => {
    it('counts events enqueued while no subscribed group listens to their type', async () => {
      const backend = new InMemoryBackend();
      await backend.enqueue(orders(1)); // no group yet: it waits for a late subscriber, not unrouted
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      await backend.enqueue([new Event('ORDER_SHIPPED'), new Event('ORDER_SHIPPED'), ...orders(1)]);
      expect(backend.unroutedCount).toBe(2);
      expect(await backend.pull(10, 0)).toHaveLength(2);
      await backend.close();
    });
  });

  describe('options', () => {
    it('defaults maxDeliveries to 3 and rejects a non-positive maxSize', () => {
      expect(new InMemoryBackend().maxDeliveries).toBe(3);
      expect(() => new InMemoryBackend({ maxSize: 0 })).toThrow(/maxSize/);
      expect(() => new InMemoryBackend({ maxDeliveries: 1.5 })).toThrow(/maxDeliveries/);
    });

    it('evicts the oldest dead letter past deadLetterMaxSize, counting it in droppedCount', async () => {
      const backend = new InMemoryBackend({ deadLetterMaxSize: 2 });
      const events = orders(3);
      const error = { name: 'Error', message: 'boom' };
      await backend.settle({
        acks: [], nacks: [], releases: [],
        deadLetters: events.map((event) => ({ event, organ: 'Billing', error, attempts: 1 })),
      });
      expect(backend.deadLetters.getAll().map((f) => f.event?.id)).toEqual([events[1]!.id, events[2]!.id]);
      expect(backend.deadLetters.droppedCount).toBe(1);
      await backend.close();
    });
  });
});

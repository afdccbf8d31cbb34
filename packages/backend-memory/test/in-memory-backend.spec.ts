// The in-memory backend's contract: bounded enqueue, per-group delivery, settlement, close.
import {
  BackendFullError, ClosedError, ConfigurationError, Event, EventValidationError, ListensTo, Organ, Spine, silentLogger,
  type Delivery, type EventDelivery,
} from '@necrostack/core';
import { DEFAULT_MAX_DELIVERIES, InMemoryBackend } from '../src';
import { settled, waitFor } from '../../core/test/helpers';

const none = { acks: [], nacks: [], releases: [], deadLetters: [] } as const;

function ids(deliveries: readonly Delivery[]): string[] {
  return deliveries.map((d) => (d as EventDelivery).event.payload.n as string);
}

function events(...names: string[]): Event[] {
  return names.map((n) => new Event('T', { n }));
}

describe('InMemoryBackend', () => {
  describe('with maxSize', () => {
    it('rejects a batch that would not fit with BackendFullError, storing nothing of it', async () => {
      const backend = new InMemoryBackend({ maxSize: 3 });
      await backend.enqueue(events('a', 'b'));
      const outcome = await settled(backend.enqueue(events('c', 'd')));
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error as BackendFullError;
      expect(error).toBeInstanceOf(BackendFullError);
      expect([error.maxSize, error.attempted, error.code]).toEqual([3, 2, 'NECRO_BACKEND_FULL']);
      expect(backend.size).toBe(2);
      await backend.enqueue(events('c'));
      expect(backend.size).toBe(3);
      await expect(backend.enqueue(events('d'))).rejects.toThrow(BackendFullError);
    });

    it('makes room as every group reads the events', async () => {
      const backend = new InMemoryBackend({ maxSize: 2 });
      await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
      await backend.enqueue(events('a', 'b'));
      await backend.pull(10, 0);
      await expect(backend.enqueue(events('c', 'd'))).resolves.toBeUndefined();
    });

    it('pushes back on a producer faster than a running Spine: the backend never holds more than maxSize', async () => {
      @Organ()
      @ListensTo('T')
      class Slow {
        readonly seen = new Set<unknown>();
        async handle(event: Event) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          this.seen.add(event.payload.n);
        }
      }
      const slow = new Slow();
      const backend = new InMemoryBackend({ maxSize: 50 });
      const spine = new Spine({ organs: [slow], backend, logger: silentLogger, batchSize: 20 });
      const running = spine.runForever();
      let rejected = 0;
      let largest = 0;
      const deadline = Date.now() + 20_000;
      try {
        for (let n = 0; n < 500 && Date.now() < deadline;) {
          const outcome = await settled(spine.publish(new Event('T', { n })));
          largest = Math.max(largest, backend.size);
          if (outcome.ok) n++;
          else if ((outcome as { error: unknown }).error instanceof BackendFullError) rejected++;
          else throw (outcome as { error: unknown }).error;
          // A producer that backs off when told to, letting the consumer catch up.
          if (!outcome.ok) await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await waitFor(() => slow.seen.size === 500, 'every event handled', 20_000);
      } finally {
        await spine.stop(5_000);
        await running;
      }
      expect(rejected).toBeGreaterThan(0);
      expect(largest).toBeLessThanOrEqual(50);
    });

    it.each([0, -1, 2.5])('rejects maxSize %p', (maxSize) => {
      expect(() => new InMemoryBackend({ maxSize })).toThrow(ConfigurationError);
    });
  });

  it('rejects anything but Events with EventValidationError, storing nothing of the batch', async () => {
    const backend = new InMemoryBackend();
    await expect(backend.enqueue([new Event('T'), { eventType: 'T' } as unknown as Event])).rejects.toThrow(EventValidationError);
    expect(backend.size).toBe(0);
  });

  it('bounds its dead letters with deadLetterMaxSize', async () => {
    expect(() => new InMemoryBackend({ deadLetterMaxSize: 0 })).toThrow(ConfigurationError);
    const backend = new InMemoryBackend({ deadLetterMaxSize: 2 });
    const letters = events('a', 'b', 'c').map((event) => ({ event, error: { name: 'Error', message: 'x' }, attempts: 1 }));
    await backend.settle({ ...none, deadLetters: letters });
    expect(backend.deadLetters.getAll().map((l) => l.event?.payload.n)).toEqual(['b', 'c']);
    expect(backend.deadLetters.droppedCount).toBe(1);
  });

  it('delivers events enqueued before any group subscribed', async () => {
    const backend = new InMemoryBackend();
    await backend.enqueue(events('a', 'b'));
    await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
    expect(ids(await backend.pull(10, 0))).toEqual(['a', 'b']);
  });

  it('gives each group its own delivery of every event of its types, oldest first', async () => {
    const backend = new InMemoryBackend();
    await backend.subscribe([{ group: 'one', eventTypes: ['T'] }, { group: 'two', eventTypes: ['T', 'U'] }]);
    await backend.enqueue([...events('a'), new Event('U', { n: 'u' }), ...events('b')]);
    const pulled = await backend.pull(10, 0);
    const byGroup = (group: string) => ids(pulled.filter((d) => d.group === group));
    expect(byGroup('one')).toEqual(['a', 'b']);
    expect(byGroup('two')).toEqual(['a', 'u', 'b']);
    expect(pulled.every((d) => d.attempt === 1 && d.kind === 'event')).toBe(true);
    expect(new Set(pulled.map((d) => d.deliveryId)).size).toBe(pulled.length);
  });

  it('hands out at most `max` deliveries per pull', async () => {
    const backend = new InMemoryBackend();
    await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
    await backend.enqueue(events('a', 'b', 'c'));
    expect(ids(await backend.pull(2, 0))).toEqual(['a', 'b']);
    expect(ids(await backend.pull(2, 0))).toEqual(['c']);
    expect(await backend.pull(2, 0)).toEqual([]);
  });

  describe('settle()', () => {
    async function pulledOne() {
      const backend = new InMemoryBackend();
      await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
      await backend.enqueue(events('a'));
      const [delivery] = await backend.pull(1, 0);
      return { backend, delivery: delivery as EventDelivery };
    }

    it('does not deliver an acked delivery again, and ignores a second ack', async () => {
      const { backend, delivery } = await pulledOne();
      await backend.settle({ ...none, acks: [delivery] });
      await backend.settle({ ...none, acks: [delivery] });
      expect(await backend.pull(10, 0)).toEqual([]);
    });

    it('delivers a nacked delivery again with attempt + 1', async () => {
      const { backend, delivery } = await pulledOne();
      await backend.settle({ ...none, nacks: [delivery] });
      const [again] = await backend.pull(10, 0);
      expect(again?.attempt).toBe(2);
      expect((again as EventDelivery).event.id).toBe(delivery.event.id);
    });

    it('delivers a released delivery again without counting an attempt', async () => {
      const { backend, delivery } = await pulledOne();
      await backend.settle({ ...none, releases: [delivery] });
      const [again] = await backend.pull(10, 0);
      expect(again?.attempt).toBe(1);
    });

    it('stores a dead letter once, acking its delivery', async () => {
      const { backend, delivery } = await pulledOne();
      const letter = { delivery, event: delivery.event, organ: 'g', error: { name: 'Error', message: 'x' }, attempts: 1 };
      await backend.settle({ ...none, deadLetters: [letter] });
      await backend.settle({ ...none, deadLetters: [letter] });
      expect(backend.deadLetters.size).toBe(1);
      expect(await backend.pull(10, 0)).toEqual([]);
      const [stored] = backend.deadLetters.getAll();
      expect([stored?.event?.id, stored?.organ, stored?.group]).toEqual([delivery.event.id, 'g', 'g']);
    });
  });

  it('wakes a waiting pull as soon as an event arrives', async () => {
    const backend = new InMemoryBackend();
    await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
    const started = Date.now();
    const pulling = backend.pull(10, 20_000);
    await backend.enqueue(events('a'));
    expect(ids(await pulling)).toEqual(['a']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('resolves a waiting pull with nothing after waitMs', async () => {
    const backend = new InMemoryBackend();
    await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
    expect(await backend.pull(10, 5)).toEqual([]);
  });

  it(`dead-letters nothing by itself and defaults to ${DEFAULT_MAX_DELIVERIES} deliveries`, () => {
    const backend = new InMemoryBackend();
    expect(backend.maxDeliveries).toBe(3);
    expect(backend.deadLetters.size).toBe(0);
  });

  describe('close()', () => {
    it('makes enqueue reject with ClosedError', async () => {
      const backend = new InMemoryBackend();
      await backend.close();
      await expect(backend.enqueue(events('a'))).rejects.toThrow(ClosedError);
      await expect(backend.enqueue(events('a'))).rejects.toMatchObject({ code: 'NECRO_CLOSED' });
    });

    it('is idempotent and wakes a waiting pull', async () => {
      const backend = new InMemoryBackend();
      await backend.subscribe([{ group: 'g', eventTypes: ['T'] }]);
      const pulling = backend.pull(10, 20_000);
      await backend.close();
      await backend.close();
      await expect(pulling).resolves.toEqual([]);
    });
  });
});

// Delayed events: the deliverAt and delayMs inits, their wire form, and the Spine's refusal of
// delayed events a backend would deliver at once.
import { InMemoryBackend } from '@necrostack/backend-memory';
import { ConfigurationError, Event, EventValidationError, ListensTo, NO_CAPABILITIES, Organ, Spine, silentLogger, type Backend } from '../src';
import { thrown } from './helpers';

const ID = '6f1c2a4e-8b3d-4c5e-9f60-7a8b9c0d1e2f';
const AT = '2030-01-01T09:00:00.000Z';

describe('a delayed event', () => {
  it('keeps deliverAt, given as a Date, an ISO string or epoch ms, as a fresh Date on each read', () => {
    for (const deliverAt of [new Date(AT), AT, Date.parse(AT)]) {
      const event = new Event('REMIND', {}, { deliverAt });
      expect(event.deliverAt?.toISOString()).toBe(AT);
      expect(event.deliverAt).not.toBe(event.deliverAt);
    }
    expect(new Event('REMIND', {}).deliverAt).toBeUndefined();
  });

  it('turns delayMs into a deliverAt that many ms after it was built, rounded up', () => {
    const before = Date.now();
    const event = new Event('REMIND', {}, { delayMs: 1_500.2 });
    const due = event.deliverAt!.getTime();
    expect(due).toBeGreaterThanOrEqual(before + 1_501);
    expect(due).toBeLessThanOrEqual(Date.now() + 1_501);
  });

  it('rejects an invalid deliverAt or delayMs, and both at once, naming the field', () => {
    const cases: [unknown, string][] = [
      [{ deliverAt: 'not a date' }, 'deliverAt'], [{ deliverAt: Number.NaN }, 'deliverAt'], [{ deliverAt: {} }, 'deliverAt'],
      [{ delayMs: -1 }, 'delayMs'], [{ delayMs: Number.POSITIVE_INFINITY }, 'delayMs'], [{ delayMs: '10' }, 'delayMs'],
      [{ deliverAt: new Date(), delayMs: 10 }, 'delayMs'],
    ];
    for (const [init, field] of cases) {
      const error = thrown(() => new Event('REMIND', {}, init as never));
      expect(error).toBeInstanceOf(EventValidationError);
      expect((error as EventValidationError).field).toBe(field);
    }
  });

  it('carries deliverAt in the meta part, never in the original four keys, and reads it back', () => {
    const event = new Event('REMIND', { n: 1 }, { id: ID, timestamp: 0, deliverAt: AT });
    const parts = Event.encodeParts(event);
    expect(Object.keys(JSON.parse(parts.event) as object)).toEqual(['id', 'timestamp', 'event_type', 'payload']);
    expect(JSON.parse(parts.meta!)).toEqual({ deliver_at: AT });
    expect(Event.fromParts(parts.event, parts.meta).deliverAt?.toISOString()).toBe(AT);
    expect(Event.fromJSON(event.toJSON()).deliverAt?.toISOString()).toBe(AT);
    expect(Event.encodeParts(new Event('REMIND', {})).meta).toBeUndefined();
  });

  it('keeps deliverAt when headers are added', () => {
    const event = new Event('REMIND', {}, { deliverAt: AT }).withHeaders({ tenant: 't-1' });
    expect(event.deliverAt?.toISOString()).toBe(AT);
  });
});

@Organ({ name: 'Checkout' })
@ListensTo('ORDER_PLACED')
class Checkout {
  handle(): Event {
    return new Event('REMIND', {}, { delayMs: 60_000 });
  }
}

/** An in-memory backend that does not declare delayed delivery. */
function withoutDelays(backend: InMemoryBackend): Backend {
  return {
    capabilities: NO_CAPABILITIES,
    enqueue: (events) => backend.enqueue(events),
    subscribe: (subscriptions) => backend.subscribe(subscriptions),
    pull: (max, waitMs) => backend.pull(max, waitMs),
    settle: (settlement) => backend.settle(settlement),
    close: () => backend.close(),
    deadLetters: backend.deadLetters,
    maxDeliveries: backend.maxDeliveries,
  };
}

describe('the Spine, with a backend that cannot delay events', () => {
  it('refuses to publish a delayed event, naming it and storing nothing of the batch', async () => {
    const inner = new InMemoryBackend();
    const spine = new Spine({ organs: [new Checkout()], backend: withoutDelays(inner), logger: silentLogger });
    const delayed = new Event('REMIND', {}, { deliverAt: AT });
    const error = await spine.publish([new Event('ORDER_PLACED', {}), delayed]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `Invalid option deliverAt: event ${delayed.id} (REMIND) is to be delivered at ${AT}, which the backend cannot honour: it would deliver it at once`);
    expect((error as ConfigurationError).help).toContain('delayedDelivery');
    expect(inner.size).toBe(0);
  });

  it('dead-letters the delivery whose handler returned a delayed event, with the reason, without retrying it', async () => {
    const spine = new Spine({ organs: [new Checkout()], backend: withoutDelays(new InMemoryBackend()), logger: silentLogger, retryBaseDelayMs: 1 });
    const stats = await spine.run(new Event('ORDER_PLACED', {}));
    const [letter, ...rest] = await spine.failedEventStore.getAll();
    expect(rest).toEqual([]);
    expect([letter?.organ, letter?.attempts, letter?.error.name]).toEqual(['Checkout', 1, 'ConfigurationError']);
    expect(letter?.error.message).toContain('cannot honour');
    expect(stats.eventsEmitted).toBe(0);
  });
});

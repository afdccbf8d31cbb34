// Delayed events on PostgreSQL: held in <schema>.delayed, moved into events exactly once by any
// number of workers (the promote function), inside the caller's transaction like any enqueue.
// The conformance suite has the behaviour every backend shares; a SIGKILL is in
// multi-process.int.spec.ts, a server restart in restart.int.spec.ts.
import { Event, ListensTo, Organ, Spine, silentLogger, type Delivery } from '@necrostack/core';
import { drainAcking, waitFor } from '@necrostack/testkit';
import { SchemaEnv } from './support/postgres-test-env';

const SHIPPING = [{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }];


@Organ({ name: 'Shipping' })
@ListensTo('ORDER_PLACED')
class Shipping {
  readonly seen: string[] = [];
  handle(event: Event): void {
    this.seen.push(event.id);
  }
}

const idOf = (d: Delivery) => (d.kind === 'event' ? d.event.id : d.raw);

describe('PostgresBackend delayed events', () => {
  let env: SchemaEnv;
  beforeEach(() => { env = new SchemaEnv(); });
  afterEach(() => env.cleanup());

  it('keeps a delayed event in <schema>.delayed until due, then moves it to events with deliver_at in meta', async () => {
    const producer = env.backend();
    // Migrated first, and due well after the enqueue even on a loaded machine: the event must be stored as delayed.
    await producer.connect();
    const event = new Event('ORDER_PLACED', { orderId: 'A-1' }, { delayMs: 2_000 });
    await producer.enqueue(event);
    const [row] = await env.rows<{ id: string; deliver_at: Date }>('SELECT id, deliver_at FROM $schema.delayed');
    expect(row).toEqual({ id: event.id, deliver_at: event.deliverAt });
    expect(await env.rows('SELECT 1 FROM $schema.events')).toEqual([]);

    const consumer = env.backend();
    await consumer.subscribe(SHIPPING);
    const [delivery] = await drainAcking([consumer], 1, 20_000);
    expect(delivery).toMatchObject({ kind: 'event', event: { id: event.id } });
    const [stored] = await env.rows<{ body: string; meta: string }>('SELECT body, meta FROM $schema.events');
    expect(Object.keys(JSON.parse(stored!.body) as object)).toEqual(['id', 'timestamp', 'event_type', 'payload']);
    expect(JSON.parse(stored!.meta)).toEqual({ deliver_at: event.deliverAt!.toISOString() });
    expect(await env.rows('SELECT 1 FROM $schema.delayed')).toEqual([]);
    expect(consumer.metrics.delayedMoved).toBe(1);
  });

  it('moves each due event into events exactly once while four workers compete', async () => {
    const workers = [env.backend(), env.backend(), env.backend(), env.backend()];
    await Promise.all(workers.map((w) => w.subscribe(SHIPPING)));
    const events = Array.from({ length: 2_000 }, (_, n) => new Event('ORDER_PLACED', { n }, { delayMs: 1_000 + Math.floor(Math.random() * 300) }));
    await env.backend().enqueue(events);
    const deliveries = await drainAcking(workers, events.length, 20_000);
    expect(new Set(deliveries.map(idOf)).size).toBe(events.length);
    expect(await env.rows('SELECT count(*)::int AS n FROM $schema.events')).toEqual([{ n: events.length }]);
    expect(await env.rows('SELECT 1 FROM $schema.delayed')).toEqual([]);
    await waitFor(() => workers.reduce((sum, w) => sum + w.metrics.delayedMoved, 0) === events.length, 'the moves to be counted', 5_000);
  });

  it('stores a delayed event with the caller\'s transaction: one rolled back never comes, one committed does', async () => {
    const backend = env.backend();
    await backend.subscribe(SHIPPING);
    const [rolledBack, committed] = [new Event('ORDER_PLACED', { n: 0 }, { delayMs: 100 }), new Event('ORDER_PLACED', { n: 1 }, { delayMs: 100 })];
    for (const [event, end] of [[rolledBack, 'ROLLBACK'], [committed, 'COMMIT']] as const) {
      const client = await env.pool.connect();
      try {
        await client.query('BEGIN');
        await backend.enqueue([new Event('ORDER_PLACED', { now: true }), event], { client });
        await client.query(end);
      } finally {
        client.release();
      }
    }
    const deliveries = await drainAcking([backend], 2, 20_000);
    expect(deliveries.map((d) => d.kind === 'event' && d.event.deliverAt !== undefined)).toEqual([false, true]);
    expect(deliveries.map(idOf)[1]).toBe(committed.id);
    expect(await backend.pull(10, 300)).toEqual([]);
  });

  it('dead-letters a row of delayed that is not an event, rather than dropping it or blocking the others', async () => {
    const backend = env.backend();
    await backend.connect();
    await env.rows(`INSERT INTO $schema.delayed (body, deliver_at) VALUES ('not an event', now())`);
    const later = new Event('ORDER_PLACED', {}, { delayMs: 50 });
    await backend.enqueue(later);
    const shipping = new Shipping();
    const spine = new Spine({ organs: [shipping], backend, logger: silentLogger });
    const running = spine.runForever();
    try {
      await waitFor(() => shipping.seen.length === 1, 'the valid delayed event to be handled', 10_000);
      await waitFor(async () => (await backend.deadLetters.getAll()).length === 1, 'the dead letter', 10_000);
    } finally {
      await spine.stop();
      await running;
    }
    const [letter] = await backend.deadLetters.getAll();
    expect([letter?.raw, letter?.error.name]).toEqual(['not an event', 'MalformedEntryError']);
  });
});

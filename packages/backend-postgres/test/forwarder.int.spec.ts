import { BackendUnavailableError, Event, silentLogger, type Publisher } from '@necrostack/core';
import { PostgresForwarder, type PostgresForwarderOptions } from '@necrostack/backend-postgres';
import { waitFor } from '@necrostack/testkit';
import { fields, RedisTestEnv } from '../../backend-redis/test/support/redis-test-env';
import { POSTGRES_URL, SchemaEnv } from './support/postgres-test-env';
import { PgForwarderProcess } from './support/pg-forwarder-process';

jest.setTimeout(60_000);

describe('PostgresForwarder (PostgreSQL outbox → Redis)', () => {
  let env: SchemaEnv;
  let redis: RedisTestEnv;
  let forwarders: PostgresForwarder[];
  let processes: PgForwarderProcess[];

  beforeEach(async () => {
    env = new SchemaEnv();
    redis = await new RedisTestEnv().start();
    forwarders = [];
    processes = [];
    await env.backend().connect();
    await env.rows('CREATE TABLE $schema.orders (event_id text NOT NULL)');
  });
  afterEach(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await Promise.all(forwarders.map((f) => f.stop()));
    await redis.cleanup();
    await env.cleanup();
  });

  function forwarder(options: Partial<PostgresForwarderOptions> = {}): PostgresForwarder {
    const started = new PostgresForwarder({
      postgres: { connectionString: POSTGRES_URL, schema: env.schema, pollIntervalMs: 100, logger: silentLogger },
      publisher: redis.backend(), standbyPollMs: 50, logger: silentLogger, ...options,
    });
    forwarders.push(started);
    void started.run();
    return started;
  }

  /** The events of the Redis stream, in stream order, read back from their `event` and `meta` fields. */
  async function forwarded(): Promise<Event[]> {
    const entries = await redis.send<[string, string[]][]>('XRANGE', redis.streamKey, '-', '+');
    return entries.map(([, flat]) => fields(flat)).map((f) => Event.fromParts(f.event, f.meta));
  }

  async function untilForwarded(count: number): Promise<Event[]> {
    await waitFor(async () => (await forwarded()).length >= count, `${count} events in the Redis stream`, 30_000);
    return forwarded();
  }

  /** Enqueues `events` in the transaction of a business write (a row per event in `orders`), which commits or rolls back. */
  async function inTransaction(events: readonly Event[], outcome: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const client = await env.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO "${env.schema}".orders (event_id) SELECT unnest($1::text[])`, [events.map((e) => e.id)]);
      await env.backend().enqueue(events, { client });
      await client.query(outcome);
    } finally {
      client.release();
    }
  }

  it('forwards every committed event once, in order, keeping ids, lineage and headers; rolled-back ones never', async () => {
    const before = Array.from({ length: 5 }, (_, n) => new Event('ORDER_PLACED', { n }, { headers: { tenant: 'acme' }, correlationId: 'c-1' }));
    await env.backend().enqueue(before); // stored before any forwarder ran: forwarded too
    forwarder();
    const committed = Array.from({ length: 20 }, (_, n) => new Event(n % 2 ? 'ORDER_PAID' : 'ORDER_SHIPPED', { n: 5 + n }));
    const rolledBack = [new Event('ORDER_PLACED', { n: -1 })];
    await inTransaction(committed.slice(0, 10), 'COMMIT');
    await inTransaction(rolledBack, 'ROLLBACK');
    await inTransaction(committed.slice(10), 'COMMIT');
    const expected = [...before, ...committed];
    const events = await untilForwarded(expected.length);
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(events.map((e) => e.toJSON())).toEqual(expected.map((e) => e.toJSON()));
    expect(events[0]!.headers).toEqual({ tenant: 'acme' });
    expect(events[0]!.correlationId).toBe('c-1');
    await waitFor(() => forwarders[0]!.stats.forwarded === expected.length, 'every batch to be acked', 10_000);
    expect(forwarders[0]!.stats).toMatchObject({ state: 'active', redelivered: 0, activations: 1 });
    expect(await env.rows('SELECT 1 FROM $schema.deliveries')).toEqual([]);
    const orders = await env.rows<{ event_id: string }>('SELECT event_id FROM $schema.orders');
    expect(new Set(orders.map((o) => o.event_id))).toEqual(new Set(committed.map((e) => e.id)));
    expect(events.map((e) => e.id)).not.toContain(rolledBack[0]!.id);
  });

  it('dead-letters in PostgreSQL a row that is no event, and forwards the rest', async () => {
    const good = new Event('ORDER_PLACED', { n: 1 });
    await env.backend().enqueue(good);
    await env.rows(`INSERT INTO $schema.events (body) VALUES ('not json')`);
    forwarder();
    expect((await untilForwarded(1)).map((e) => e.id)).toEqual([good.id]);
    await waitFor(async () => (await env.rows('SELECT 1 FROM $schema.dead_letters')).length === 1, 'the dead letter', 10_000);
    const [letter] = await env.rows<{ organ: string; body: string }>('SELECT organ, body FROM $schema.dead_letters');
    expect(letter).toEqual({ organ: 'necrostack:forwarder', body: 'not json' });
  });

  it('keeps one forwarder active per schema; a standby takes over when it stops, with nothing lost', async () => {
    const first = forwarder();
    await waitFor(() => first.stats.state === 'active', 'the first forwarder to be active', 10_000);
    const second = forwarder();
    await waitFor(() => second.stats.state === 'standby', 'the second forwarder to stand by', 10_000);
    const early = [new Event('A', {}), new Event('B', {})];
    await env.backend().enqueue(early);
    await untilForwarded(2);
    expect(second.stats.state).toBe('standby');
    await first.stop();
    await waitFor(() => second.stats.state === 'active', 'the standby to take over', 10_000);
    const late = [new Event('C', {}), new Event('D', {})];
    await env.backend().enqueue(late);
    expect((await untilForwarded(4)).map((e) => e.id)).toEqual([...early, ...late].map((e) => e.id));
  });

  it('forwards a delayed event once it is due, never before, keeping its deliverAt', async () => {
    forwarder();
    const delayed = new Event('REMIND', {}, { delayMs: 300 });
    await env.backend().enqueue(delayed);
    const [received] = await untilForwarded(1);
    expect(received).toMatchObject({ id: delayed.id, deliverAt: delayed.deliverAt });
    const [[entryId]] = await redis.send<[string, string[]][]>('XRANGE', redis.streamKey, '-', '+');
    // The entry id starts with Redis's clock (ms) at the XADD, on this machine.
    expect(Number(entryId!.split('-')[0])).toBeGreaterThanOrEqual(delayed.deliverAt!.getTime());
  });

  it('retries a batch the destination refused until it takes it, skipping nothing and keeping the order', async () => {
    const redisPublisher = redis.backend();
    let refusals = 2;
    const flaky: Publisher = {
      enqueue: (events) => (refusals-- > 0 ? Promise.reject(new BackendUnavailableError('Redis is down')) : redisPublisher.enqueue(events)),
      close: () => redisPublisher.close(),
    };
    const events = Array.from({ length: 12 }, (_, n) => new Event('ORDER_PLACED', { n }));
    await env.backend().enqueue(events.slice(0, 6));
    await env.backend().enqueue(events.slice(6));
    const started = forwarder({ publisher: flaky, batchSize: 4, retryBaseDelayMs: 5 });
    expect((await untilForwarded(events.length)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    await waitFor(() => started.stats.forwarded === events.length, 'the last batch to be acked', 10_000);
    expect(started.stats).toMatchObject({ publishFailures: 2, batches: 3, redelivered: 0 });
  });

  it('stands by when its lease connection is cut, takes the lease again, and loses nothing', async () => {
    const started = forwarder();
    await waitFor(() => started.stats.state === 'active', 'the forwarder to be active', 10_000);
    await env.backend().enqueue(new Event('BEFORE', {}));
    await untilForwarded(1);
    const cut = await env.rows<{ cut: boolean }>(`SELECT pg_terminate_backend(pid) AS cut FROM pg_locks
      WHERE locktype = 'advisory' AND classid = x'4e46'::int AND objid = hashtext($1)::oid AND granted`, [`${env.schema}.necrostack:forwarder`]);
    expect(cut).toEqual([{ cut: true }]);
    await waitFor(() => started.stats.activations === 2 && started.stats.state === 'active', 'the forwarder to take its lease again', 10_000);
    await env.backend().enqueue(new Event('AFTER', {}));
    expect((await untilForwarded(2)).map((e) => e.eventType)).toEqual(['BEFORE', 'AFTER']);
  });

  it('stops with a ConfigurationError, forwarding nothing, when its group is an organ\'s', async () => {
    await env.backend().subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
    await env.backend().enqueue(new Event('ORDER_PLACED', {}));
    const clashing = new PostgresForwarder({
      postgres: { connectionString: POSTGRES_URL, schema: env.schema, logger: silentLogger }, publisher: redis.backend(), group: 'Billing', logger: silentLogger,
    });
    await expect(clashing.run()).rejects.toThrow(/'Billing' is the group of an organ/);
    expect(clashing.stats.state).toBe('stopped');
    expect(await forwarded()).toEqual([]);
  });

  it('resumes after the forwarder process is killed with SIGKILL mid-run: nothing lost, first copies in order', async () => {
    const config = { url: POSTGRES_URL, schema: env.schema, redisUrl: redis.url, streamKey: redis.streamKey, batchSize: 25, publishDelayMs: 30 };
    const doomed = new PgForwarderProcess(config);
    processes.push(doomed);
    await doomed.active();
    const standby = new PgForwarderProcess(config);
    processes.push(standby);
    const events = Array.from({ length: 600 }, (_, n) => new Event('ORDER_PLACED', { n }));
    for (let i = 0; i < events.length; i += 50) await inTransaction(events.slice(i, i + 50), 'COMMIT');
    await waitFor(async () => (await forwarded()).length >= 100, 'the doomed forwarder to make progress', 30_000);
    await doomed.stop('SIGKILL');
    const [left] = await env.rows<{ n: number }>('SELECT count(*)::int AS n FROM $schema.deliveries');
    expect(left!.n).toBeGreaterThan(0); // killed mid-run, not after the work was done
    await standby.active();
    const received = await untilForwarded(events.length);
    await waitFor(async () => (await env.rows('SELECT 1 FROM $schema.deliveries')).length === 0, 'every forwarder delivery to be acked', 30_000);
    const ids = (await forwarded()).map((e) => e.id);
    const firstCopies = [...new Set(ids)];
    expect(firstCopies).toEqual(events.map((e) => e.id));
    // At-least-once: at most the two batches the killed forwarder held (one in flight, one read ahead) come twice.
    expect(ids.length - firstCopies.length).toBeLessThanOrEqual(2 * config.batchSize);
    expect(received.length).toBeGreaterThanOrEqual(events.length);
  });
});

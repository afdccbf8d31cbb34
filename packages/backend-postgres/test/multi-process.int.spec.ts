import { Event } from '@necrostack/core';
import { waitFor } from '@necrostack/testkit';
import type { PgWorkerConfig } from './fixtures/worker';
import { POSTGRES_URL, SchemaEnv } from './support/postgres-test-env';
import { PgWorkerProcess } from './support/pg-worker-process';

jest.setTimeout(90_000);

const EVENTS = 300;

describe('PostgresBackend across worker processes', () => {
  let env: SchemaEnv;
  let workers: PgWorkerProcess[];

  beforeEach(async () => {
    env = new SchemaEnv();
    workers = [];
    await env.backend().connect();
    await env.rows('CREATE TABLE $schema.handled (event_id text NOT NULL, consumer text NOT NULL)');
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await env.cleanup();
  });

  function worker(name: string, overrides: Partial<PgWorkerConfig> = {}): Promise<PgWorkerProcess> {
    const started = new PgWorkerProcess({ url: POSTGRES_URL, schema: env.schema, consumerName: name, claimMinIdleMs: 1_000, ...overrides });
    workers.push(started);
    return started.ready();
  }

  const handled = () => env.rows<{ event_id: string; consumer: string }>('SELECT event_id, consumer FROM $schema.handled');
  const orders = (delay?: { min: number; spread: number }) => Array.from({ length: EVENTS }, (_, n) =>
    new Event('ORDER_PLACED', { n }, delay && { delayMs: delay.min + Math.floor(Math.random() * delay.spread) }));

  async function allHandled(ids: readonly string[]) {
    await waitFor(async () => {
      const seen = new Set((await handled()).map((r) => r.event_id));
      return ids.every((id) => seen.has(id));
    }, `all ${ids.length} events to be handled`, 60_000);
    return handled();
  }

  it('shares the work between two workers, handling no event twice in a clean run', async () => {
    await Promise.all([worker('left', { handleDelayMs: 2 }), worker('right', { handleDelayMs: 2 })]);
    const events = orders();
    await env.backend().enqueue(events);
    const records = await allHandled(events.map((e) => e.id));
    expect(records).toHaveLength(EVENTS);
    expect(new Set(records.map((r) => r.event_id)).size).toBe(EVENTS);
    expect(new Set(records.map((r) => r.consumer))).toEqual(new Set(['left', 'right']));
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    expect(await env.rows('SELECT * FROM $schema.deliveries')).toEqual([]);
  });

  it('loses nothing when a worker is killed with SIGKILL mid-run: another takes its leased work over', async () => {
    const events = orders();
    await env.backend().enqueue(events);
    const doomed = await worker('doomed', { handleDelayMs: 5, batchSize: 10 });
    await waitFor(async () => (await handled()).length >= 30, 'the doomed worker to make progress', 30_000);
    await doomed.stop('SIGKILL');
    const held = await env.rows<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.deliveries WHERE consumer = 'doomed'`);
    await worker('survivor');
    const records = await allHandled(events.map((e) => e.id));
    const duplicates = records.length - new Set(records.map((r) => r.event_id)).size;
    // At-least-once: only what the doomed worker held when it died may run twice.
    expect(duplicates).toBeLessThanOrEqual(held[0]!.n);
    expect(await env.rows('SELECT * FROM $schema.dead_letters')).toEqual([]);
    await waitFor(async () => (await env.rows('SELECT 1 FROM $schema.deliveries')).length === 0, 'every delivery to be acked', 10_000);
  });

  it('loses no delayed event when the worker moving and holding due ones is killed with SIGKILL', async () => {
    const doomed = await worker('doomed', { handleDelayMs: 5, batchSize: 10 });
    const events = orders({ min: 100, spread: 600 });
    await env.backend().enqueue(events);
    await waitFor(async () => (await handled()).length >= 30, 'the doomed worker to make progress', 30_000);
    await doomed.stop('SIGKILL');
    await worker('survivor');
    const records = await allHandled(events.map((e) => e.id));
    expect(new Set(records.map((r) => r.event_id)).size).toBe(EVENTS);
    expect(await env.rows('SELECT * FROM $schema.delayed')).toEqual([]);
    expect(await env.rows('SELECT * FROM $schema.dead_letters')).toEqual([]);
  });
});

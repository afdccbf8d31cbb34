import { join } from 'node:path';
import { Event } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import PgBoss from 'pg-boss';
import { stopAll, WorkerProcess } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { BATCH, drainTimeoutMs } from '../redis/e2e-peers';
import { meanRss } from '../redis/e2e-workers';
import { waitFor } from '../redis/redis-info';
import { POSTGRES_URL, deliveriesLeft, dropSchema, measurePostgresRun, uniqueSchema, withPool, type PostgresRun } from './postgres-info';

const SCRIPT = join(__dirname, '..', 'redis', 'throughput-worker.js');
const READY_TIMEOUT_MS = 20_000;

/**
 * The bench process produces `events` events through `PostgresBackend.enqueue` (batches of 1,000)
 * while `workers` worker processes, each a Spine with one no-op organ, consume them. The clock runs
 * from the first enqueue until no delivery row is left (every one handled and acked).
 */
export async function necrostackPostgresWorkers(events: number, workers: number): Promise<PostgresRun> {
  const schema = uniqueSchema();
  const producer = new PostgresBackend({ connectionString: POSTGRES_URL, schema, logger: quietLogger() });
  const processes = Array.from({ length: workers }, () => new WorkerProcess(SCRIPT, [JSON.stringify({ kind: 'necrostack-postgres', schema })]));
  const inputs = Array.from({ length: events }, (_, n) => new Event('BENCH', { n }));
  try {
    await Promise.all(processes.map((p) => p.next('ready', READY_TIMEOUT_MS)));
    const run = await withPool(async (pool) => {
      await producer.enqueue(new Event('BENCH', { n: -1 })); // warm-up: the workers are up and reading
      await waitFor('the workers to ack a first event', async () => (await deliveriesLeft(pool, schema)) === 0, READY_TIMEOUT_MS, 5);
      return measurePostgresRun(pool, events, async () => {
        for (let i = 0; i < events; i += BATCH) await producer.enqueue(inputs.slice(i, i + BATCH));
        await waitFor(`${events} events acked`, async () => (await deliveriesLeft(pool, schema)) === 0, drainTimeoutMs(events), 5);
      });
    });
    return { ...run, workerRssMb: meanRss(await stopAll(processes)) };
  } finally {
    await stopAll(processes);
    await producer.close();
    await dropSchema(schema);
  }
}

/**
 * The bench process inserts `events` jobs with pg-boss (`insert`, 1,000 per call) while one pg-boss
 * worker process (batches of 1,000) completes them; the clock stops when the worker has seen them all.
 */
export async function pgBossWorker(events: number): Promise<PostgresRun> {
  const schema = uniqueSchema();
  const queue = 'bench';
  const producer = new PgBoss({ connectionString: POSTGRES_URL, schema });
  producer.on('error', () => undefined);
  const jobs = Array.from({ length: events }, (_, n) => ({ name: queue, data: { n } }));
  let processes: WorkerProcess[] = [];
  try {
    await producer.start();
    await producer.createQueue(queue);
    processes = [new WorkerProcess(SCRIPT, [JSON.stringify({ kind: 'pgboss', schema, queue, expected: events })])];
    await processes[0]!.next('ready', READY_TIMEOUT_MS);
    const run = await withPool((pool) => measurePostgresRun(pool, events, async () => {
      for (let i = 0; i < events; i += BATCH) await producer.insert(jobs.slice(i, i + BATCH));
      await processes[0]!.next('complete', 4 * drainTimeoutMs(events));
    }));
    return { ...run, workerRssMb: meanRss(await stopAll(processes)) };
  } finally {
    await stopAll(processes);
    await producer.stop({ graceful: false, wait: true }).catch(() => undefined);
    await dropSchema(schema);
  }
}

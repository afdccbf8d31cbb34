// A worker process of the Redis throughput scenarios. argv[2] is a WorkerConfig as JSON. It says
// `ready` once set up, `complete` (BullMQ only) once it handled `expected` jobs, and on `stop` it
// finishes gracefully, says `stopped` with its peak RSS, and exits.
import { Spine, type Backend } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend, type RedisLayout } from '@necrostack/backend-redis';
import { Worker } from 'bullmq';
import PgBoss from 'pg-boss';
import { createClient } from 'redis';
import { serveWorker, tell } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { NoOp, NoOpDto } from './e2e-necrostack';
import { bareConsume } from './e2e-peers';
import { REDIS_URL, bullmqConnection } from './redis-info';
import { POSTGRES_URL } from '../postgres/postgres-info';

export type WorkerConfig = (
  | { readonly kind: 'necrostack'; readonly streamKey: string; readonly layout: RedisLayout; readonly dto?: boolean }
  | { readonly kind: 'necrostack-postgres'; readonly schema: string }
  | { readonly kind: 'bare'; readonly stream: string; readonly group: string; readonly consumer: string }
  | { readonly kind: 'bullmq'; readonly queue: string; readonly expected: number }
  | { readonly kind: 'pgboss'; readonly schema: string; readonly queue: string; readonly expected: number }
) & { readonly sampleAllocations?: boolean };

type Stop = () => Promise<number>;

async function necrostack(config: Extract<WorkerConfig, { kind: 'necrostack' | 'necrostack-postgres' }>): Promise<Stop> {
  const logger = quietLogger();
  const backend: Backend = config.kind === 'necrostack'
    ? new RedisBackend({ url: REDIS_URL, streamKey: config.streamKey, layout: config.layout, logger })
    : new PostgresBackend({ connectionString: POSTGRES_URL, schema: config.schema, logger });
  // Subscribed before `ready`: the group exists when the producer starts.
  if (config.kind === 'necrostack-postgres') await backend.subscribe([{ group: 'NoOp', eventTypes: ['BENCH'] }]);
  const organ = config.kind === 'necrostack' && config.dto === true ? new NoOpDto() : new NoOp();
  const spine = new Spine({ organs: [organ], backend, logger, pollIntervalMs: 100 });
  const running = spine.runForever();
  return async () => {
    await spine.stop();
    await running;
    await backend.close();
    return organ.count;
  };
}

async function bare(config: Extract<WorkerConfig, { kind: 'bare' }>): Promise<Stop> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  let stopping = false;
  const consuming = bareConsume(client, config.stream, config.group, config.consumer, () => stopping);
  return async () => {
    stopping = true;
    const handled = await consuming;
    client.destroy();
    return handled;
  };
}

async function bullmq(config: Extract<WorkerConfig, { kind: 'bullmq' }>): Promise<Stop> {
  const connection = bullmqConnection();
  let done = 0;
  const worker = new Worker(config.queue, async () => undefined, { connection, concurrency: 50 });
  worker.on('completed', () => { if (++done === config.expected) void tell({ type: 'complete' }); });
  await worker.waitUntilReady();
  return async () => {
    await worker.close();
    return done;
  };
}

/**
 * A pg-boss worker fetching 1,000 jobs at a time, polling every 0.5 s (its minimum): pg-boss waits out
 * the polling interval after every fetch, so its batch size bounds its rate.
 */
async function pgboss(config: Extract<WorkerConfig, { kind: 'pgboss' }>): Promise<Stop> {
  const boss = new PgBoss({ connectionString: POSTGRES_URL, schema: config.schema });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(config.queue);
  let done = 0;
  await boss.work(config.queue, { batchSize: 1_000, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    done += jobs.length;
    if (done === config.expected) void tell({ type: 'complete' });
  });
  return async () => {
    await boss.stop({ graceful: true, wait: true });
    return done;
  };
}

const STARTERS = { necrostack, 'necrostack-postgres': necrostack, bare, bullmq, pgboss } as const;

const config = JSON.parse(process.argv[2] as string) as WorkerConfig;
serveWorker(async () => {
  const stop = await (STARTERS[config.kind] as (c: WorkerConfig) => Promise<Stop>)(config);
  return async () => ({ handled: await stop() });
}, undefined, { allocations: config.sampleAllocations === true });

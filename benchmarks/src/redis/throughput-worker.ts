// A worker process of the Redis throughput scenarios. argv[2] is a WorkerConfig as JSON. It says
// `ready` once set up, `complete` (BullMQ only) once it handled `expected` jobs, answers `count` with
// how many it handled so far and the CPU time it used so far, and on `stop` it finishes gracefully,
// says `stopped` with its peak RSS, and exits.
import { DEFAULT_BATCH_SIZE, Spine, type Backend } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend, type RedisBackendOptions, type RedisLayout, type RedisOrdering } from '@necrostack/backend-redis';
import { Worker } from 'bullmq';
import PgBoss from 'pg-boss';
import { createClient } from 'redis';
import { serveWorker, tell } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { NoOp, NoOpDto } from './noop-organs';
import { bareConsume } from './e2e-peers';
import { REDIS_URL, bullmqConnection } from './redis-info';
import { POSTGRES_URL } from '../postgres/postgres-info';

export type WorkerConfig = (
  | {
    readonly kind: 'necrostack'; readonly streamKey: string; readonly layout: RedisLayout; readonly dto?: boolean;
    /** Where Redis is (REDIS_URL when absent): a private server's `url` or a Cluster's `cluster`. */
    readonly connection?: Pick<RedisBackendOptions, 'url' | 'cluster'>;
    readonly partitions?: number;
    readonly ordering?: RedisOrdering;
    /** `backend`: no Spine, the backend alone pulls and acks (what the backend costs of a worker's CPU). */
    readonly loop?: 'spine' | 'backend';
  }
  | { readonly kind: 'necrostack-postgres'; readonly schema: string }
  | { readonly kind: 'bare'; readonly stream: string; readonly group: string; readonly consumer: string }
  | { readonly kind: 'bullmq'; readonly queue: string; readonly expected: number }
  | { readonly kind: 'pgboss'; readonly schema: string; readonly queue: string; readonly expected: number }
) & { readonly sampleAllocations?: boolean };

/** A running consumer: how many it handled so far, and how to stop it (resolves with the final count). */
interface Started {
  readonly handled: () => number;
  readonly stop: () => Promise<number>;
}

function redisBackend(config: Extract<WorkerConfig, { kind: 'necrostack' }>, logger: ReturnType<typeof quietLogger>): RedisBackend {
  const { streamKey, layout, partitions, ordering } = config;
  return new RedisBackend({ ...(config.connection ?? { url: REDIS_URL }), streamKey, layout, partitions, ordering, logger });
}

async function necrostack(config: Extract<WorkerConfig, { kind: 'necrostack' | 'necrostack-postgres' }>): Promise<Started> {
  const logger = quietLogger();
  const backend: Backend = config.kind === 'necrostack'
    ? redisBackend(config, logger)
    : new PostgresBackend({ connectionString: POSTGRES_URL, schema: config.schema, logger });
  // Subscribed before `ready`: the group exists when the producer starts.
  if (config.kind === 'necrostack-postgres') await backend.subscribe([{ group: 'NoOp', eventTypes: ['BENCH'] }]);
  const organ = config.kind === 'necrostack' && config.dto === true ? new NoOpDto() : new NoOp();
  if (config.kind === 'necrostack' && config.loop === 'backend') return backendAlone(backend, organ);
  const spine = new Spine({ organs: [organ], backend, logger, pollIntervalMs: 100 });
  const running = spine.runForever();
  return {
    handled: () => organ.count,
    stop: async () => {
      await spine.stop();
      await running;
      await backend.close();
      return organ.count;
    },
  };
}

/**
 * The backend without a Spine: pulls a batch, counts it and acks it, each ack overlapping the next
 * pull (one at a time; the Spine keeps up to 4 in flight). Beside the Spine's figure, it splits a
 * worker's CPU per event between the backend and the Spine.
 */
function backendAlone(backend: Backend, counter: { count: number }): Started {
  let stopping = false;
  const running = (async () => {
    await backend.subscribe([{ group: 'NoOp', eventTypes: ['BENCH'] }]);
    let settling: Promise<void> | undefined;
    while (!stopping) {
      const batch = await backend.pull(DEFAULT_BATCH_SIZE, 100);
      counter.count += batch.length;
      await settling;
      settling = batch.length === 0 ? undefined : backend.settle({ acks: batch, nacks: [], releases: [], deadLetters: [] });
    }
    await settling;
  })();
  return {
    handled: () => counter.count,
    stop: async () => {
      stopping = true;
      await running;
      await backend.close();
      return counter.count;
    },
  };
}

async function bare(config: Extract<WorkerConfig, { kind: 'bare' }>): Promise<Started> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  let stopping = false;
  let handled = 0;
  const consuming = bareConsume(client, config.stream, config.group, config.consumer, (count) => { handled = count; return stopping; });
  return {
    handled: () => handled,
    stop: async () => {
      stopping = true;
      const total = await consuming;
      client.destroy();
      return total;
    },
  };
}

async function bullmq(config: Extract<WorkerConfig, { kind: 'bullmq' }>): Promise<Started> {
  const connection = bullmqConnection();
  let done = 0;
  const worker = new Worker(config.queue, async () => undefined, { connection, concurrency: 50 });
  worker.on('completed', () => { if (++done === config.expected) void tell({ type: 'complete' }); });
  await worker.waitUntilReady();
  return {
    handled: () => done,
    stop: async () => {
      await worker.close();
      return done;
    },
  };
}

/**
 * A pg-boss worker fetching 1,000 jobs at a time, polling every 0.5 s (its minimum): pg-boss waits out
 * the polling interval after every fetch, so its batch size bounds its rate.
 */
async function pgboss(config: Extract<WorkerConfig, { kind: 'pgboss' }>): Promise<Started> {
  const boss = new PgBoss({ connectionString: POSTGRES_URL, schema: config.schema });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(config.queue);
  let done = 0;
  await boss.work(config.queue, { batchSize: 1_000, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    done += jobs.length;
    if (done === config.expected) void tell({ type: 'complete' });
  });
  return {
    handled: () => done,
    stop: async () => {
      await boss.stop({ graceful: true, wait: true });
      return done;
    },
  };
}

const STARTERS = { necrostack, 'necrostack-postgres': necrostack, bare, bullmq, pgboss } as const;

const config = JSON.parse(process.argv[2] as string) as WorkerConfig;
let started: Started | undefined;
serveWorker(async () => {
  started = await (STARTERS[config.kind] as (c: WorkerConfig) => Promise<Started>)(config);
  const { stop } = started;
  return async () => ({ handled: await stop() });
}, (message) => {
  if (message.type !== 'count') return;
  const cpu = process.cpuUsage();
  void tell({ type: 'count', handled: started?.handled() ?? 0, cpuMicros: cpu.user + cpu.system });
}, { allocations: config.sampleAllocations === true });

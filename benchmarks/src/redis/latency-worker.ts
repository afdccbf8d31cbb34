// A worker process of the Redis latency scenario. argv[2] is a LatencyWorkerConfig as JSON. Each
// event carries its send time; the worker records send → handler start for every event after the
// warm-up ones, says `complete` once it saw `expected` events, answers `report` with the delays, and
// on `stop` finishes gracefully, says `stopped` with its peak RSS, and exits.
import { Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend } from '@necrostack/backend-redis';
import { Worker } from 'bullmq';
import { serveWorker, tell } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { REDIS_URL, bullmqConnection } from './redis-info';
import { POSTGRES_URL } from '../postgres/postgres-info';

export interface LatencyWorkerConfig {
  readonly kind: 'necrostack' | 'necrostack-postgres' | 'bullmq';
  /** The stream key (NecroStack on Redis), the schema (on PostgreSQL) or the queue name (BullMQ). */
  readonly key: string;
  /** Events in all, warm-up included. */
  readonly expected: number;
  /** The first `warmUp` events (by `n`) are not recorded. */
  readonly warmUp: number;
}

const config = JSON.parse(process.argv[2] as string) as LatencyWorkerConfig;
// Preallocated: the probe allocates nothing per event, so its own garbage does not show up as latency.
const delays = new Float64Array(Math.max(0, config.expected - config.warmUp));
let recorded = 0;
let seen = 0;

function record(n: number, sentAt: number): void {
  const delay = performance.timeOrigin + performance.now() - sentAt;
  if (n >= config.warmUp && recorded < delays.length) delays[recorded++] = delay;
  if (++seen === config.expected) void tell({ type: 'complete' });
}

@Organ({ name: 'LatencyProbe' })
@ListensTo('TICK')
export class LatencyProbe {
  handle(event: Event): void {
    record(event.payload.n as number, event.payload.sentAt as number);
  }
}

async function start(): Promise<() => Promise<Record<string, unknown>>> {
  if (config.kind !== 'bullmq') {
    const logger = quietLogger();
    const backend = config.kind === 'necrostack'
      ? new RedisBackend({ url: REDIS_URL, streamKey: config.key, logger })
      : new PostgresBackend({ connectionString: POSTGRES_URL, schema: config.key, logger });
    const spine = new Spine({ organs: [new LatencyProbe()], backend, logger, pollIntervalMs: 1000 });
    const running = spine.runForever();
    return async () => { await spine.stop(); await running; await backend.close(); return {}; };
  }
  const connection = bullmqConnection();
  const worker = new Worker(config.key, async (job) => { record(job.data.n as number, job.data.sentAt as number); }, { connection, concurrency: 50 });
  await worker.waitUntilReady();
  return async () => { await worker.close(); return {}; };
}

serveWorker(start, (message) => {
  if (message.type === 'report') void tell({ type: 'report', delays: Array.from(delays.subarray(0, recorded)), seen });
});

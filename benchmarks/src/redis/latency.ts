import { join } from 'node:path';
import { Event } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend, RedisKeys } from '@necrostack/backend-redis';
import { Queue } from 'bullmq';
import { WorkerProcess } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { percentiles, type Percentiles } from '../lib/stats';
import { REDIS_URL, bullmqConnection, deleteKeys, groupInfo, uniqueKey, waitFor, withClient } from './redis-info';
import type { LatencyWorkerConfig } from './latency-worker';
import { POSTGRES_URL, dropSchema, uniqueSchema, withPool } from '../postgres/postgres-info';

const SCRIPT = join(__dirname, 'latency-worker.js');
/** The JIT warms up by events, not by seconds: at 1,000 events/s half a second is not enough. */
export const MIN_WARM_UP_EVENTS = 2_000;

export interface RedisLatency extends Percentiles {
  /** Recorded events per second, from the first recorded send to `complete`. */
  readonly achievedRate: number;
  readonly recorded: number;
  readonly expected: number;
  /** False when the worker had not handled every event within the drain bound. */
  readonly complete: boolean;
  readonly workerRssMb: number;
}

export interface LatencyRunOptions {
  readonly kind: LatencyWorkerConfig['kind'];
  readonly rate: number;
  readonly seconds: number;
  /** Sent first at the same rate and not recorded (at least MIN_WARM_UP_EVENTS events). */
  readonly warmUpSeconds: number;
  /** Node flags of the worker process, e.g. `--cpu-prof`. */
  readonly workerExecArgv?: readonly string[];
  /**
   * Delayed events: each is due a random 0–`maxDelayMs` ms after it is sent, and carries its due
   * time where the plain scenario carries its send time, so what the worker records is the lateness.
   */
  readonly maxDelayMs?: number;
}

/** A producer of `TICK` events, NecroStack's or BullMQ's, and its cleanup. */
interface Producer {
  send(batch: readonly { n: number; sentAt: number }[]): Promise<void>;
  close(): Promise<void>;
}

/** Each event due a random 0–`maxDelayMs` ms after its send time, which it carries instead. */
function delayed(batch: readonly { n: number; sentAt: number }[], maxDelayMs: number): { n: number; sentAt: number; delayMs: number }[] {
  return batch.map(({ n, sentAt }) => {
    const delayMs = Math.floor(Math.random() * maxDelayMs);
    return { n, sentAt: Math.ceil(sentAt + delayMs), delayMs };
  });
}

/** NecroStack's events of a batch: due at once, or (with `maxDelayMs`) each with its `deliverAt`. */
function ticks(batch: readonly { n: number; sentAt: number }[], maxDelayMs: number | undefined): Event[] {
  return maxDelayMs === undefined
    ? batch.map((payload) => new Event('TICK', payload))
    : delayed(batch, maxDelayMs).map(({ n, sentAt }) => new Event('TICK', { n, sentAt }, { deliverAt: sentAt }));
}

function necrostackProducer(key: string, maxDelayMs: number | undefined): Producer {
  const backend = new RedisBackend({ url: REDIS_URL, streamKey: key, logger: quietLogger() });
  return {
    send: (batch) => backend.enqueue(ticks(batch, maxDelayMs)),
    close: async () => { await backend.close(); await deleteKeys(key); },
  };
}

function postgresProducer(schema: string, maxDelayMs: number | undefined): Producer {
  const backend = new PostgresBackend({ connectionString: POSTGRES_URL, schema, logger: quietLogger() });
  return {
    send: (batch) => backend.enqueue(ticks(batch, maxDelayMs)),
    close: async () => { await backend.close(); await dropSchema(schema); },
  };
}

function bullmqProducer(name: string, maxDelayMs: number | undefined): Producer {
  const queue = new Queue(name, { connection: bullmqConnection() });
  return {
    send: async (batch) => {
      const jobs = maxDelayMs === undefined
        ? batch.map((data) => ({ name: 'TICK', data, opts: { removeOnComplete: true } }))
        : delayed(batch, maxDelayMs).map(({ n, sentAt, delayMs }) => ({ name: 'TICK', data: { n, sentAt }, opts: { removeOnComplete: true, delay: delayMs } }));
      await queue.addBulk(jobs);
    },
    close: async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await deleteKeys(`bull:${name}`);
    },
  };
}

/**
 * Enqueue → handler start in ms at a steady `rate` (1 ms slices), with the worker in its own
 * process: NecroStack's Spine with default options, or a BullMQ Worker at concurrency 50. When the
 * worker falls behind, it gets a bounded time to drain and the percentiles cover what it handled.
 */
export async function redisLatency(options: LatencyRunOptions): Promise<RedisLatency> {
  const { kind, rate } = options;
  const warmUp = Math.max(MIN_WARM_UP_EVENTS, Math.round(rate * options.warmUpSeconds));
  const expected = warmUp + Math.round(rate * options.seconds);
  const key = kind === 'necrostack' ? uniqueKey() : kind === 'necrostack-postgres' ? uniqueSchema() : uniqueKey().replace(/:/g, '-');
  const config: LatencyWorkerConfig = { kind, key, expected, warmUp };
  const worker = new WorkerProcess(SCRIPT, [JSON.stringify(config)], options.workerExecArgv);
  const producer = kind === 'necrostack' ? necrostackProducer(key, options.maxDelayMs)
    : kind === 'necrostack-postgres' ? postgresProducer(key, options.maxDelayMs) : bullmqProducer(key, options.maxDelayMs);
  try {
    await worker.next('ready', 20_000);
    if (kind === 'necrostack') await consumerReading(key);
    if (kind === 'necrostack-postgres') await postgresConsumerReading(key);
    const { measuredFrom } = await produce(producer, rate, expected, warmUp);
    const drainMs = Math.max(10_000, options.seconds * 3_000) + (options.maxDelayMs ?? 0);
    const complete = await worker.next('complete', drainMs).then(() => true, () => false);
    const completedAt = performance.now();
    worker.send({ type: 'report' });
    const report = await worker.next('report', 10_000);
    const delays = report.delays as number[];
    const stopped = await worker.stop();
    return {
      ...percentiles(delays),
      achievedRate: delays.length / ((completedAt - measuredFrom) / 1000),
      recorded: delays.length,
      complete,
      expected: expected - warmUp,
      workerRssMb: Number(stopped?.rssMb ?? NaN),
    };
  } finally {
    await worker.stop();
    await producer.close();
  }
}

async function consumerReading(streamKey: string): Promise<void> {
  const group = new RedisKeys({ streamKey, consumerGroup: 'necrostack' }).groupName('LatencyProbe');
  await withClient((client) => waitFor('the latency worker to subscribe', async () => (await groupInfo(client, streamKey, group)) !== undefined, 20_000, 10));
}

async function postgresConsumerReading(schema: string): Promise<void> {
  const subscribed = (pool: Parameters<Parameters<typeof withPool>[0]>[0]) => async () => {
    const { rows } = await pool.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".groups`]);
    if (!(rows[0] as { present: boolean }).present) return false;
    return (await pool.query(`SELECT 1 FROM "${schema}".groups WHERE name = 'LatencyProbe'`)).rows.length > 0;
  };
  await withPool((pool) => waitFor('the latency worker to subscribe', subscribed(pool), 20_000, 10));
}

/** Sends `expected` events at `rate`; returns when the first recorded (post-warm-up) one was due. */
async function produce(producer: Producer, rate: number, expected: number, warmUp: number): Promise<{ measuredFrom: number }> {
  const started = performance.now();
  for (let sent = 0; sent < expected;) {
    const due = Math.min(expected, Math.floor(((performance.now() - started) * rate) / 1000));
    const batch: { n: number; sentAt: number }[] = [];
    for (; sent < due; sent++) batch.push({ n: sent, sentAt: performance.timeOrigin + performance.now() });
    if (batch.length > 0) await producer.send(batch);
    else await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { measuredFrom: started + (warmUp / rate) * 1000 };
}

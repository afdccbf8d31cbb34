import { join } from 'node:path';
import { Event } from '@necrostack/core';
import { RedisBackend, RedisKeys, type RedisLayout } from '@necrostack/backend-redis';
import { Queue } from 'bullmq';
import { stopAll, WorkerProcess, type WorkerMessage } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { BATCH, bareProduce, drainTimeoutMs, wireMessages } from './e2e-peers';
import {
  REDIS_URL, bullmqConnection, deleteKeys, groupInfo, measureRun, uniqueKey, waitFor, withClient, type Client, type RedisRun,
} from './redis-info';
import type { WorkerConfig } from './throughput-worker';

const SCRIPT = join(__dirname, 'throughput-worker.js');
const READY_TIMEOUT_MS = 20_000;

/** Forks `count` worker processes of `config`. */
export function startWorkers(config: WorkerConfig, count: number, execArgv: readonly string[] = []): WorkerProcess[] {
  return Array.from({ length: count }, () => new WorkerProcess(SCRIPT, [JSON.stringify(config)], execArgv));
}

/** The mean peak RSS the worker processes reported when they stopped, MB. */
export function meanRss(replies: readonly (WorkerMessage | undefined)[]): number | undefined {
  const rss = replies.map((r) => Number(r?.rssMb)).filter(Number.isFinite);
  return rss.length > 0 ? rss.reduce((a, b) => a + b, 0) / rss.length : undefined;
}

/** What the worker processes reported when they stopped, per event: CPU (µs) and, when sampled, bytes allocated. */
export function perEvent(replies: readonly (WorkerMessage | undefined)[], events: number): Pick<RedisRun, 'workerCpuMicrosPerEvent' | 'workerBytesPerEvent'> {
  const sum = (field: string): number | undefined => {
    const values = replies.map((r) => Number(r?.[field])).filter(Number.isFinite);
    return values.length === replies.length && values.length > 0 ? values.reduce((a, b) => a + b, 0) / events : undefined;
  };
  const [cpu, bytes] = [sum('cpuMicros'), sum('allocatedBytes')];
  return { ...(cpu === undefined ? {} : { workerCpuMicrosPerEvent: cpu }), ...(bytes === undefined ? {} : { workerBytesPerEvent: bytes }) };
}

/** What the worker processes said when they stopped, as figures of the run. */
function fromWorkers(replies: readonly (WorkerMessage | undefined)[], events: number): Partial<RedisRun> {
  return { workerRssMb: meanRss(replies), ...perEvent(replies, events) };
}

/** How a run's events are sent. */
export interface ProduceOptions {
  /** Every event is delayed this long (`delayMs`, counted from its batch's enqueue), so it goes through the delayed path. */
  readonly delayMs?: number;
}

/** How a throughput scenario's workers run. */
export interface WorkerRunOptions {
  /** Node flags for the workers (the profiler's `--cpu-prof`). */
  readonly execArgv?: readonly string[];
  /** The workers sample their allocations (the run reports bytes per event). */
  readonly sampleAllocations?: boolean;
}

/**
 * Sends one warm-up entry and waits until `group` acked it (the consumers are up and reading), then
 * times `produce` until the group has read and acked the `events` entries after it.
 */
async function streamRun(
  client: Client, stream: string, group: string, events: number, warmUp: () => Promise<void>, produce: () => Promise<void>,
): Promise<RedisRun> {
  const acked = (count: number) => async () => {
    const info = await groupInfo(client, stream, group);
    return info !== undefined && info.entriesRead >= count && info.pending === 0;
  };
  await warmUp();
  await waitFor(`the workers to ack a first event in ${group}`, acked(1), READY_TIMEOUT_MS, 5);
  return measureRun(events, async () => {
    await produce();
    await waitFor(`${events} events acked by ${group}`, acked(events + 1), drainTimeoutMs(events), 3);
  });
}

/**
 * The bench process produces `events` events through `RedisBackend.enqueue` (batches of 1,000)
 * while `workers` worker processes, each a Spine with one no-op organ (with a two-property DTO
 * when `dto`), consume them.
 */
export async function necrostackWorkers(
  events: number, layout: RedisLayout, workers: number, run: WorkerRunOptions & ProduceOptions & { readonly dto?: boolean } = {},
): Promise<RedisRun> {
  const streamKey = uniqueKey();
  const keys = new RedisKeys({ streamKey, consumerGroup: 'necrostack', layout });
  const config: WorkerConfig = { kind: 'necrostack', streamKey, layout, dto: run.dto === true, sampleAllocations: run.sampleAllocations === true };
  const processes = startWorkers(config, workers, run.execArgv);
  const producer = new RedisBackend({ url: REDIS_URL, streamKey, layout, logger: quietLogger() });
  const { delayMs } = run;
  const inputs = delayMs === undefined ? Array.from({ length: events }, (_, n) => new Event('BENCH', { n, from: 'bench' })) : [];
  // A delayed event's due time counts from its construction: build each batch just before it is sent.
  const batch = (from: number) => delayMs === undefined
    ? inputs.slice(from, from + BATCH)
    : Array.from({ length: Math.min(BATCH, events - from) }, (_, i) => new Event('BENCH', { n: from + i, from: 'bench' }, { delayMs }));
  try {
    await Promise.all(processes.map((p) => p.next('ready', READY_TIMEOUT_MS)));
    const measured = await withClient((client) => streamRun(
      client, keys.eventStream('BENCH'), keys.groupName('NoOp'), events,
      () => producer.enqueue(new Event('BENCH', { n: -1, from: 'bench' })),
      async () => { for (let i = 0; i < events; i += BATCH) await producer.enqueue(batch(i)); },
    ));
    return { ...measured, ...fromWorkers(await stopAll(processes), events) };
  } finally {
    await stopAll(processes);
    await producer.close();
    await deleteKeys(streamKey);
  }
}

/** The bench process XADDs (pipelined) while one bare worker process reads, parses and acks. */
export async function bareWorker(events: number, run: WorkerRunOptions = {}): Promise<RedisRun> {
  const stream = uniqueKey();
  const messages = wireMessages(events);
  let processes: WorkerProcess[] = [];
  try {
    return await withClient(async (client) => {
      await client.xGroupCreate(stream, 'bare', '0', { MKSTREAM: true });
      processes = startWorkers({ kind: 'bare', stream, group: 'bare', consumer: 'c1', sampleAllocations: run.sampleAllocations === true }, 1, run.execArgv);
      await processes[0]!.next('ready', READY_TIMEOUT_MS);
      const measured = await streamRun(
        client, stream, 'bare', events, () => bareProduce(client, stream, wireMessages(1)), () => bareProduce(client, stream, messages),
      );
      return { ...measured, ...fromWorkers(await stopAll(processes), events) };
    });
  } finally {
    await stopAll(processes);
    await deleteKeys(stream);
  }
}

/**
 * The bench process adds jobs (addBulk, 1,000 per call) while one BullMQ Worker process (concurrency
 * 50) runs them; with `delayMs`, as delayed jobs.
 */
export async function bullmqWorker(events: number, { delayMs }: ProduceOptions = {}): Promise<RedisRun> {
  const name = `${uniqueKey().replace(/:/g, '-')}`;
  const queue = new Queue(name, { connection: bullmqConnection() });
  const opts = delayMs === undefined ? { removeOnComplete: true } : { removeOnComplete: true, delay: delayMs };
  const jobs = Array.from({ length: events }, (_, n) => ({ name: 'BENCH', data: { n }, opts }));
  const processes = startWorkers({ kind: 'bullmq', queue: name, expected: events }, 1);
  try {
    await processes[0]!.next('ready', READY_TIMEOUT_MS);
    const run = await measureRun(events, async () => {
      for (let i = 0; i < events; i += BATCH) await queue.addBulk(jobs.slice(i, i + BATCH));
      await processes[0]!.next('complete', drainTimeoutMs(events));
    });
    return { ...run, ...fromWorkers(await stopAll(processes), events) };
  } finally {
    await stopAll(processes);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await deleteKeys(`bull:${name}`);
  }
}

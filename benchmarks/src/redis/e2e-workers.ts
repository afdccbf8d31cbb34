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

/**
 * Events every contender's consumers handle before the clock starts: a worker process is forked
 * for each run, and a consumer that has been running a while (the JIT done, pools and buffers
 * grown) is what the figures are for, not one's first second.
 */
export const WARM_UP_EVENTS = 10_000;
const REPLY_TIMEOUT_MS = 5_000;

/** What the workers say they did so far, summed: events handled, CPU time (user + system, µs). */
export interface WorkerTally {
  readonly handled: number;
  readonly cpuMicros: number;
}

/** Asks every worker for its tally (`count` over IPC: no Redis command) and sums them. */
export async function tally(processes: readonly WorkerProcess[]): Promise<WorkerTally> {
  const replies = await Promise.all(processes.map((p) => {
    p.send({ type: 'count' });
    return p.next('count', REPLY_TIMEOUT_MS);
  }));
  return replies.reduce((sum, r) => ({ handled: sum.handled + Number(r.handled), cpuMicros: sum.cpuMicros + Number(r.cpuMicros) }), { handled: 0, cpuMicros: 0 });
}

/**
 * Times `body` (see measureRun) once the workers handled the warm-up, and counts their CPU over
 * the same span: not their start-up, nor the warm-up.
 */
export async function measureWorkers(
  processes: readonly WorkerProcess[], events: number, body: () => Promise<void>, cpuMicros?: () => Promise<number>,
): Promise<RedisRun> {
  const before = await tally(processes);
  const measured = await measureRun(events, body, cpuMicros);
  const after = await tally(processes);
  return { ...measured, workerCpuMicrosPerEvent: (after.cpuMicros - before.cpuMicros) / events };
}

/** What the worker processes reported when they stopped: peak RSS and, when sampled, bytes allocated per event handled (the warm-up's too). */
function fromWorkers(replies: readonly (WorkerMessage | undefined)[], handled: number): Pick<RedisRun, 'workerRssMb' | 'workerBytesPerEvent'> {
  const bytes = replies.map((r) => Number(r?.allocatedBytes));
  const sampled = bytes.length > 0 && bytes.every(Number.isFinite);
  return { workerRssMb: meanRss(replies), ...(sampled ? { workerBytesPerEvent: bytes.reduce((a, b) => a + b, 0) / handled } : {}) };
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
 * Sends the warm-up entries and waits until `group` acked them (the consumers are up, reading and
 * warm), then times `produce` until the group has read and acked the `events` entries after them.
 */
async function streamRun(
  client: Client, stream: string, group: string, processes: readonly WorkerProcess[], events: number,
  warmUp: () => Promise<void>, produce: () => Promise<void>,
): Promise<RedisRun> {
  const acked = (count: number) => async () => {
    const info = await groupInfo(client, stream, group);
    return info !== undefined && info.entriesRead >= count && info.pending === 0;
  };
  await warmUp();
  await waitFor(`the workers to ack ${WARM_UP_EVENTS} warm-up events in ${group}`, acked(WARM_UP_EVENTS), READY_TIMEOUT_MS, 5);
  return measureWorkers(processes, events, async () => {
    await produce();
    await waitFor(`${events} events acked by ${group}`, acked(WARM_UP_EVENTS + events), drainTimeoutMs(events), 3);
  });
}

/**
 * The bench process produces `events` events through `RedisBackend.enqueue` (batches of 1,000)
 * while `workers` worker processes, each a Spine with one no-op organ (with a two-property DTO
 * when `dto`), consume them.
 */
export async function necrostackWorkers(
  events: number, layout: RedisLayout, workers: number,
  run: WorkerRunOptions & ProduceOptions & { readonly dto?: boolean; readonly loop?: 'spine' | 'backend' } = {},
): Promise<RedisRun> {
  const streamKey = uniqueKey();
  const keys = new RedisKeys({ streamKey, consumerGroup: 'necrostack', layout });
  const config: WorkerConfig = {
    kind: 'necrostack', streamKey, layout, dto: run.dto === true, loop: run.loop ?? 'spine', sampleAllocations: run.sampleAllocations === true,
  };
  const processes = startWorkers(config, workers, run.execArgv);
  const producer = new RedisBackend({ url: REDIS_URL, streamKey, layout, logger: quietLogger() });
  const { delayMs } = run;
  // A delayed event's due time counts from its construction: each batch is built just before it is sent.
  const build = (count: number, from: number) => benchEvents(count, from, delayMs);
  const inputs = delayMs === undefined ? build(events, 0) : [];
  const batch = (from: number) => (delayMs === undefined ? inputs.slice(from, from + BATCH) : build(Math.min(BATCH, events - from), from));
  try {
    await Promise.all(processes.map((p) => p.next('ready', READY_TIMEOUT_MS)));
    const measured = await withClient((client) => streamRun(
      client, keys.eventStream('BENCH'), keys.groupName('NoOp'), processes, events,
      async () => { for (let i = 0; i < WARM_UP_EVENTS; i += BATCH) await producer.enqueue(build(BATCH, i - WARM_UP_EVENTS)); },
      async () => { for (let i = 0; i < events; i += BATCH) await producer.enqueue(batch(i)); },
    ));
    return { ...measured, ...fromWorkers(await stopAll(processes), WARM_UP_EVENTS + events) };
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
        client, stream, 'bare', processes, events, () => bareProduce(client, stream, wireMessages(WARM_UP_EVENTS)), () => bareProduce(client, stream, messages),
      );
      return { ...measured, ...fromWorkers(await stopAll(processes), WARM_UP_EVENTS + events) };
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
  const jobs = Array.from({ length: WARM_UP_EVENTS + events }, (_, n) => ({ name: 'BENCH', data: { n }, opts }));
  const processes = startWorkers({ kind: 'bullmq', queue: name, expected: WARM_UP_EVENTS + events }, 1);
  const add = async (from: number, to: number) => { for (let i = from; i < to; i += BATCH) await queue.addBulk(jobs.slice(i, Math.min(to, i + BATCH))); };
  try {
    await processes[0]!.next('ready', READY_TIMEOUT_MS);
    await add(0, WARM_UP_EVENTS);
    await waitFor(`BullMQ to complete ${WARM_UP_EVENTS} warm-up jobs`, async () => (await tally(processes)).handled >= WARM_UP_EVENTS, READY_TIMEOUT_MS, 5);
    const run = await measureWorkers(processes, events, async () => {
      await add(WARM_UP_EVENTS, WARM_UP_EVENTS + events);
      await processes[0]!.next('complete', drainTimeoutMs(events));
    });
    return { ...run, ...fromWorkers(await stopAll(processes), WARM_UP_EVENTS + events) };
  } finally {
    await stopAll(processes);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await deleteKeys(`bull:${name}`);
  }
}

/** `count` bench events numbered from `from` (the warm-up's are negative), each delayed `delayMs` if given. */
function benchEvents(count: number, from: number, delayMs?: number): Event[] {
  return Array.from({ length: count }, (_, i) => new Event('BENCH', { n: from + i, from: 'bench' }, delayMs === undefined ? {} : { delayMs }));
}

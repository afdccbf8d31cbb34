import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { createClient } from 'redis';
import { REDIS_URL, deleteKeys, measureRun, type RedisRun } from './redis-info';

const BATCH = 1_000;

/** The floor: pipelined XADD, XREADGROUP COUNT 100, JSON.parse, one XACK per read, by hand. */
export async function bareStreamLoop(events: number): Promise<RedisRun> {
  const key = `necrostack-bench:${randomUUID()}`;
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  const messages = Array.from({ length: events }, (_, n) =>
    JSON.stringify({ id: randomUUID(), timestamp: new Date().toISOString(), event_type: 'BENCH', payload: { n } }));
  try {
    await client.xGroupCreate(key, 'bare', '0', { MKSTREAM: true });
    return await measureRun(events, async () => {
      for (let i = 0; i < events; i += BATCH) {
        const pipeline = client.multi();
        for (const message of messages.slice(i, i + BATCH)) pipeline.xAdd(key, '*', { event: message });
        await pipeline.execAsPipeline();
      }
      let handled = 0;
      while (handled < events) {
        const reply = await client.xReadGroup('bare', 'c1', { key, id: '>' }, { COUNT: 100 });
        const entries = reply?.[0]?.messages ?? [];
        if (entries.length === 0) throw new Error('bare loop: stream drained early');
        for (const entry of entries) JSON.parse(entry.message.event as string);
        await client.xAck(key, 'bare', entries.map((e: { id: string }) => e.id));
        handled += entries.length;
      }
    });
  } finally {
    client.destroy();
    await deleteKeys(key);
  }
}

/** BullMQ: addBulk in batches, a Worker at concurrency 50 with a no-op processor. */
export async function bullmqEndToEnd(events: number): Promise<RedisRun> {
  const name = `necrostack-bench-${randomUUID()}`;
  const url = new URL(REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  const jobs = Array.from({ length: events }, (_, n) => ({ name: 'BENCH', data: { n }, opts: { removeOnComplete: true } }));
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  let worker: Worker | undefined;
  try {
    return await measureRun(events, async () => {
      for (let i = 0; i < events; i += BATCH) await queue.addBulk(jobs.slice(i, i + BATCH));
      worker = new Worker(name, async () => undefined, { connection, concurrency: 50 });
      worker.on('completed', () => { if (++done === events) finish(); });
      await finished;
    });
  } finally {
    await worker?.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await deleteKeys(`bull:${name}`);
  }
}

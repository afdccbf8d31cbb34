import { Event } from '@necrostack/core';
import { RedisBackend, type RedisLayout } from '@necrostack/backend-redis';
import { Queue } from 'bullmq';
import { quietLogger } from '../lib/quiet-logger';
import { BATCH, bareProduce, wireMessages } from './e2e-peers';
import { REDIS_URL, bullmqConnection, deleteKeys, memoryOfKeys, uniqueKey, withClient } from './redis-info';

/** Bytes of Redis memory per event waiting in a NecroStack stream (every key of the run counted). */
export async function necrostackRetainedBytes(events: number, layout: RedisLayout): Promise<number> {
  const streamKey = uniqueKey();
  const backend = new RedisBackend({ url: REDIS_URL, streamKey, layout, logger: quietLogger() });
  try {
    const inputs = Array.from({ length: events }, (_, n) => new Event('BENCH', { n }));
    for (let i = 0; i < events; i += BATCH) await backend.enqueue(inputs.slice(i, i + BATCH));
    return (await memoryOfKeys(streamKey)) / events;
  } finally {
    await backend.close();
    await deleteKeys(streamKey);
  }
}

/** The same for the bare loop's stream (the same wire JSON, XADD by hand). */
export async function bareRetainedBytes(events: number): Promise<number> {
  const key = uniqueKey();
  try {
    await withClient((client) => bareProduce(client, key, wireMessages(events)));
    return (await memoryOfKeys(key)) / events;
  } finally {
    await deleteKeys(key);
  }
}

/** The same for waiting BullMQ jobs (job hashes, the wait list, the events stream: every key of the queue). */
export async function bullmqRetainedBytes(events: number): Promise<number> {
  const name = uniqueKey().replace(/:/g, '-');
  const queue = new Queue(name, { connection: bullmqConnection() });
  try {
    const jobs = Array.from({ length: events }, (_, n) => ({ name: 'BENCH', data: { n }, opts: { removeOnComplete: true } }));
    for (let i = 0; i < events; i += BATCH) await queue.addBulk(jobs.slice(i, i + BATCH));
    return (await memoryOfKeys(`bull:${name}:`)) / events;
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await deleteKeys(`bull:${name}`);
  }
}

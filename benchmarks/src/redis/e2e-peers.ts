import { randomUUID } from 'node:crypto';
import { deleteKeys, measureRun, uniqueKey, withClient, type Client, type RedisRun } from './redis-info';

export const BATCH = 1_000;

/** A message of the bare producer, in NecroStack's wire shape. */
export interface WireMessage {
  readonly id: string;
  readonly timestamp: string;
  readonly event_type: string;
  readonly payload: { readonly n: number; readonly from: string };
}

/**
 * The messages a bare producer sends, built before the clock starts, as NecroStack's Events and
 * BullMQ's job data are: each contender serializes its own on the clock.
 */
export function wireMessages(events: number): WireMessage[] {
  return Array.from({ length: events }, (_, n) => ({ id: randomUUID(), timestamp: new Date().toISOString(), event_type: 'BENCH', payload: { n, from: 'bench' } }));
}

/** JSON.stringify and pipelined XADDs, `BATCH` per round trip. */
export async function bareProduce(client: Client, key: string, messages: readonly WireMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += BATCH) {
    const pipeline = client.multi();
    for (const message of messages.slice(i, i + BATCH)) pipeline.xAdd(key, '*', { event: JSON.stringify(message) });
    await pipeline.execAsPipeline();
  }
}

/**
 * The floor, by hand: XREADGROUP COUNT 100 (blocking up to 100 ms), JSON.parse, one XACK per read,
 * until `done(handled)`; returns how many entries it handled.
 */
export async function bareConsume(client: Client, key: string, group: string, consumer: string, done: (handled: number) => boolean): Promise<number> {
  let handled = 0;
  while (!done(handled)) {
    const reply = await client.xReadGroup(group, consumer, { key, id: '>' }, { COUNT: 100, BLOCK: 100 }) as
      { messages: { id: string; message: Record<string, string> }[] }[] | null;
    const entries = reply?.[0]?.messages ?? [];
    if (entries.length === 0) continue;
    for (const entry of entries) JSON.parse(entry.message.event as string);
    await client.xAck(key, group, entries.map((e) => e.id));
    handled += entries.length;
  }
  return handled;
}

/** In one process: pipelined XADD of every event, then each of `groups` groups drains the stream in turn. */
export async function bareStreamLoop(events: number, groups = 1): Promise<RedisRun> {
  const key = uniqueKey();
  const messages = wireMessages(events);
  try {
    return await withClient(async (client) => {
      const names = Array.from({ length: groups }, (_, i) => `bare${i}`);
      for (const group of names) await client.xGroupCreate(key, group, '0', { MKSTREAM: true });
      return measureRun(events, async () => {
        await bareProduce(client, key, messages);
        const deadline = Date.now() + drainTimeoutMs(events);
        for (const group of names) {
          const handled = await bareConsume(client, key, group, 'c1', (n) => n >= events || Date.now() > deadline);
          if (handled !== events) throw new Error(`bare loop: group ${group} handled ${handled} of ${events}`);
        }
      });
    });
  } finally {
    await deleteKeys(key);
  }
}

/** How long any scenario may take to drain `events` events before it fails. */
export function drainTimeoutMs(events: number): number {
  return Math.max(30_000, events / 2);
}

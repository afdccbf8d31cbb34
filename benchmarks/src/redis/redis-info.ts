import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The ioredis connection options BullMQ's Queue and Worker take, for REDIS_URL. */
export function bullmqConnection(): { host: string; port: number; maxRetriesPerRequest: null } {
  const url = new URL(REDIS_URL);
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
}

/** Every key a benchmark creates starts with this, plus a fresh UUID per run. */
export const KEY_PREFIX = 'necrostack-bench:';

const created = new Set<string>();

/** A fresh key prefix; remembered, so that an interrupted run can still delete what it created. */
export function uniqueKey(): string {
  const key = `${KEY_PREFIX}${randomUUID()}`;
  created.add(key);
  return key;
}

/** Deletes every key of every prefix `uniqueKey` gave (as a stream key or as a BullMQ queue name). */
export async function deleteCreatedKeys(): Promise<void> {
  for (const key of created) {
    await deleteKeys(key);
    await deleteKeys(`bull:${key.replace(/:/g, '-')}`);
  }
}

export type Client = RedisClientType<{}, {}, {}, 3, {}>;

/** Runs `body` with a connected client and always closes it. */
export async function withClient<T>(body: (client: Client) => Promise<T>): Promise<T> {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await body(client);
  } finally {
    client.destroy();
  }
}

/** Redis's own CPU time (user + sys), in microseconds, from INFO CPU. */
export function redisCpuMicros(): Promise<number> {
  return withClient(async (client) => cpuMicrosOf(await client.info('cpu')));
}

/** The CPU time (user + sys) a redis-server has used, in microseconds, from its `INFO cpu` reply. */
export function cpuMicrosOf(info: string): number {
  const read = (field: string): number => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return (read('used_cpu_user') + read('used_cpu_sys')) * 1e6;
}

/** Deletes every key that starts with `prefix`. */
export function deleteKeys(prefix: string): Promise<void> {
  return withClient(async (client) => {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
  });
}

/** Bytes Redis uses for every key that starts with `prefix` (MEMORY USAGE … SAMPLES 0: exact). */
export function memoryOfKeys(prefix: string): Promise<number> {
  return withClient(async (client) => {
    let bytes = 0;
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      for (const key of keys) bytes += Number(await client.sendCommand(['MEMORY', 'USAGE', key, 'SAMPLES', '0']) ?? 0);
    }
    return bytes;
  });
}

/** A consumer group as XINFO GROUPS describes it. */
export interface GroupInfo {
  readonly consumers: number;
  readonly pending: number;
  readonly entriesRead: number;
}

/** The group `group` of `stream`, or undefined while it does not exist. */
export async function groupInfo(client: Client, stream: string, group: string): Promise<GroupInfo | undefined> {
  let reply: unknown;
  try {
    reply = await client.sendCommand(['XINFO', 'GROUPS', stream]);
  } catch {
    return undefined; // no such key yet
  }
  return groupOf(reply, group);
}

/** The group `group` in an `XINFO GROUPS` reply (RESP2 or RESP3), or undefined when it is not there. */
export function groupOf(reply: unknown, group: string): GroupInfo | undefined {
  for (const raw of (reply as unknown[]) ?? []) {
    const info = Array.isArray(raw) ? pairs(raw) : (raw as Record<string, unknown>);
    if (String(info.name) === group) {
      return { consumers: Number(info.consumers), pending: Number(info.pending), entriesRead: Number(info['entries-read'] ?? 0) };
    }
  }
  return undefined;
}

function pairs(flat: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

/** Polls `condition` every `everyMs` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number, everyMs = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** What one throughput scenario measured. */
export interface RedisRun {
  readonly eventsPerSecond: number;
  readonly redisCpuMicrosPerEvent: number;
  /** Peak RSS of the worker processes, MB (mean over the workers), when they were processes. */
  readonly workerRssMb?: number;
  /** CPU time (user + system) of all worker processes from ready to stop, µs per event. */
  readonly workerCpuMicrosPerEvent?: number;
  /** JS heap bytes the worker processes allocated from ready to stop, per event (when they sampled it). */
  readonly workerBytesPerEvent?: number;
}

/** Times `body` (which moves `events` events end to end) and Redis's CPU over it (`cpuMicros`: REDIS_URL's by default). */
export async function measureRun(events: number, body: () => Promise<void>, cpuMicros: () => Promise<number> = redisCpuMicros): Promise<RedisRun> {
  const cpuBefore = await cpuMicros();
  const started = process.hrtime.bigint();
  await body();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (await cpuMicros()) - cpuBefore;
  return { eventsPerSecond: events / seconds, redisCpuMicrosPerEvent: cpu / events };
}

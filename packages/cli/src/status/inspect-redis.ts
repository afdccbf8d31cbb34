import type { RedisKeys } from '@necrostack/backend-redis';
import { maskSecrets } from '@necrostack/core';
import { withRedisClient, type RawRedis } from '../config/redis-client';
import { CliError } from '../output/cli-error';
import { readOwnership, type GroupOwnership } from './read-ownership';

/** A field value as Redis gave it: integer, string or nil. */
export type RedisValue = number | string | null;

/** One consumer group: the fields of `XINFO GROUPS` as Redis names them, plus `XINFO CONSUMERS`. */
export type GroupStatus = Record<string, RedisValue> & { 'consumer-details': Record<string, RedisValue>[] };

/** One stream: its `XLEN` and its groups. */
export interface StreamStatus {
  readonly key: string;
  readonly length: number;
  readonly groups: GroupStatus[];
}

/** What `necro status --json` prints. */
export interface StatusReport {
  /** How many partition streams the events are spread over (1: the events stream itself). */
  readonly partitions: number;
  readonly streams: StreamStatus[];
  readonly deadLetters: { readonly stream: string; readonly length: number };
  /**
   * Partition ownership (per-key order), per group on an events stream: its member set and who
   * holds the lease of each of its events streams (none is taken with `ordering: 'none'`).
   */
  readonly ownership: GroupOwnership[];
}

/**
 * Reads the state of every stream a NecroStack deployment uses — the events stream (its partitions,
 * or the per-type streams) and the groups' retry streams — with `XLEN`, `XINFO GROUPS` and `XINFO CONSUMERS`, exactly
 * as `redis-cli` shows them — and the groups' partition leases and members ({@link readOwnership}).
 * Gives up after `timeoutMs`.
 *
 * @throws CliError when Redis cannot be reached in time.
 * @example
 * ```ts
 * const report = await inspectRedis('redis://127.0.0.1:6379', new RedisKeys({ streamKey: 'necrostack:events', consumerGroup: 'necrostack' }), 5_000);
 * ```
 */
export async function inspectRedis(url: string, keys: RedisKeys, timeoutMs: number): Promise<StatusReport> {
  try {
    return await withRedisClient(url, { timeoutMs, scanKey: keys.streamKey }, (client) => readStatus(client, keys));
  } catch (error) {
    throw new CliError(`Cannot read the status from Redis at ${maskSecrets(url)}`, { cause: error, help: 'is Redis up, and is --backend right?' });
  }
}

/**
 * The {@link StatusReport} read with `client` (which the caller owns), for readers that keep a
 * connection open, such as `necro dashboard`.
 * @example
 * ```ts
 * const report = await readStatus(client, keys);
 * ```
 */
export async function readStatus(client: RawRedis, keys: RedisKeys): Promise<StatusReport> {
  // Every stream at once, and one XINFO CONSUMERS per group, sent together: a few round trips
  // (pipelined by the client) whatever the number of partitions.
  const streams: StatusReport['streams'] = await Promise.all((await streamKeys(client, keys)).map(async (key) => {
    const [length, flats] = await Promise.all([client.sendCommand(['XLEN', key]), client.sendCommand(['XINFO', 'GROUPS', key]).catch(noSuchKey)]);
    const groups = await Promise.all((flats as unknown[][]).map(async (flat) => {
      const group = toRecord(flat) as GroupStatus;
      const consumers = (await client.sendCommand(['XINFO', 'CONSUMERS', key, String(group.name)])) as unknown[][];
      group['consumer-details'] = consumers.map((c) => toRecord(c));
      return group;
    }));
    return { key, length: Number(length), groups };
  }));
  const [dlqLength, ownership] = await Promise.all([
    client.sendCommand(['XLEN', keys.dlq]),
    readOwnership(client, keys, streams.map((s) => ({ key: s.key, groups: s.groups.map((g) => String(g.name)) }))),
  ]);
  return { partitions: keys.partitions, streams, deadLetters: { stream: keys.dlq, length: Number(dlqLength) }, ownership };
}

/** The events stream (its partitions, or the per-type streams), then every retry stream, sorted. */
async function streamKeys(client: RawRedis, keys: RedisKeys): Promise<string[]> {
  const events = keys.layout === 'single'
    ? [...keys.partitionStreams]
    : ((await client.sendCommand(['SMEMBERS', keys.types])) as string[]).map((t) => keys.eventStream(t)).sort();
  const retries = new Set<string>();
  let cursor = '0';
  do {
    const [next, found] = (await client.sendCommand(['SCAN', cursor, 'MATCH', `${escapeGlob(keys.streamKey)}:retry:*`, 'COUNT', '1000', 'TYPE', 'stream'])) as [string, string[]];
    for (const key of found) retries.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...events, ...[...retries].sort()];
}

/**
 * A flat `[name, value, …]` reply (XINFO's) as a record.
 * @example
 * ```ts
 * toRecord(['name', 'necrostack:SendEmail', 'pending', 2]); // { name: 'necrostack:SendEmail', pending: 2 }
 * ```
 */
export function toRecord(flat: readonly unknown[]): Record<string, RedisValue> {
  const record: Record<string, RedisValue> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const value = flat[i + 1];
    record[String(flat[i])] = value === null || value === undefined ? null : typeof value === 'number' ? value : String(value);
  }
  return record;
}

function noSuchKey(error: unknown): unknown[] {
  if (/no such key/i.test(String((error as Error)?.message))) return [];
  throw error;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

import { withTimeout } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import type { GroupRegistry } from '../consumer/group-registry';
import type { RedisKeys } from '../redis-keys';
import { describeCause } from '../translate-error';

/**
 * One consumer group of a stream, as `XINFO GROUPS` reports it.
 * @example
 * ```ts
 * const { healthy, latencyMs, details } = await backend.health();
 * for (const stream of details.streams) for (const g of stream.groups) console.log(stream.key, g.name, g.pending);
 * ```
 */
export interface RedisGroupHealth {
  readonly name: string;
  /** Entries delivered and not yet acknowledged. */
  readonly pending: number;
  readonly consumers: number;
  /** Entries not yet delivered to the group (null when Redis cannot tell). */
  readonly lag: number | null;
}

/**
 * One stream the backend uses, with its groups.
 * @example
 * ```ts
 * const { healthy, latencyMs, details } = await backend.health();
 * for (const stream of details.streams) for (const g of stream.groups) console.log(stream.key, g.name, g.pending);
 * ```
 */
export interface RedisStreamHealth {
  readonly key: string;
  readonly length: number;
  readonly groups: readonly RedisGroupHealth[];
}

/**
 * What `health()` found.
 * @example
 * ```ts
 * const { healthy, latencyMs, details } = await backend.health();
 * for (const stream of details.streams) for (const g of stream.groups) console.log(stream.key, g.name, g.pending);
 * ```
 */
export interface RedisHealthDetails {
  readonly connected: boolean;
  readonly consumerName: string;
  readonly layout: 'single' | 'per-type';
  /** Entries in the event streams (retry streams excluded). */
  readonly streamLength: number;
  readonly streams: readonly RedisStreamHealth[];
  /** Entries in the dead-letter stream. */
  readonly deadLetters: number;
  /** Why Redis could not be asked (password masked), when it could not. */
  readonly error?: string;
}

/**
 * The answer of `health()`: it never throws, and answers within `healthTimeoutMs`.
 * @example
 * ```ts
 * const { healthy, latencyMs, details } = await backend.health();
 * for (const stream of details.streams) for (const g of stream.groups) console.log(stream.key, g.name, g.pending);
 * ```
 */
export interface RedisHealth {
  readonly healthy: boolean;
  /** How long the health queries took. */
  readonly latencyMs: number;
  readonly details: RedisHealthDetails;
}

/** Asks Redis about the streams this backend uses: subscribed ones, else the events stream(s). */
export async function checkHealth(
  connection: RedisConnection, keys: RedisKeys, groups: GroupRegistry, consumerName: string, timeoutMs: number,
): Promise<RedisHealth> {
  const started = Date.now();
  const base = { connected: false, consumerName, layout: keys.layout, streamLength: 0, streams: [], deadLetters: 0 };
  try {
    const work = inspect(connection, keys, groups, started + timeoutMs);
    const details = await withTimeout(work, timeoutMs, 'health check');
    return { healthy: true, latencyMs: Date.now() - started, details: { ...base, ...details, connected: true } };
  } catch (error) {
    return { healthy: false, latencyMs: Date.now() - started, details: { ...base, connected: connection.isReady, error: describeCause(error) } };
  }
}

async function inspect(connection: RedisConnection, keys: RedisKeys, groups: GroupRegistry, deadline: number) {
  const left = (): number => Math.max(1, deadline - Date.now());
  let streams = groups.streams();
  if (streams.length === 0 && keys.layout === 'single') streams = [...keys.partitionStreams];
  if (streams.length === 0) {
    const [types] = await connection.pipeline([['SMEMBERS', keys.types]], left());
    streams = (types as string[]).map((type) => keys.eventStream(type));
  }
  const commands: RedisCommand[] = [['XLEN', keys.dlq]];
  for (const stream of streams) commands.push(['XLEN', stream], ['XINFO', 'GROUPS', stream]);
  const results = await connection.settled(commands, left());
  const value = (i: number): unknown => {
    const result = results[i] as PromiseSettledResult<unknown>;
    if (result.status === 'fulfilled') return result.value;
    // XINFO on a stream not created yet answers "no such key": no groups, not a failure.
    if (/no such key/i.test(String((result.reason as Error)?.message))) return [];
    throw result.reason;
  };
  const out: RedisStreamHealth[] = streams.map((key, i) => ({
    key,
    length: Number(value(1 + 2 * i)),
    groups: (value(2 + 2 * i) as unknown[][]).map(groupHealth),
  }));
  const streamLength = out.filter((s) => !keys.isRetryStream(s.key)).reduce((sum, s) => sum + s.length, 0);
  return { streams: out, streamLength, deadLetters: Number(value(0)) };
}

function groupHealth(flat: unknown[]): RedisGroupHealth {
  const info: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1];
  const lag = info.lag;
  return {
    name: String(info.name),
    pending: Number(info.pending),
    consumers: Number(info.consumers),
    lag: lag === null || lag === undefined ? null : Number(lag),
  };
}

import type { Event, Logger } from '@necrostack/core';
import type { RedisLayout } from '../redis-keys';

/**
 * How the streams are kept bounded. See docs/redis.md, "Retention".
 * @example
 * ```ts
 * new RedisBackend({ retention: { intervalMs: 30_000, maxLen: 10_000_000, consumerIdleMs: 86_400_000 } });
 * ```
 */
export interface RedisRetentionOptions {
  /** How often a worker trims acknowledged entries and removes dead consumers (60,000 ms; 0 = never). */
  readonly intervalMs?: number;
  /**
   * Safety valve: `XADD … MAXLEN ~ maxLen` on every enqueue. Off by default. Unlike the periodic
   * trim it may drop entries a group has not acknowledged yet, so size it far above any backlog.
   */
  readonly maxLen?: number;
  /** A consumer idle this long that owns no pending entry is deleted (3,600,000 ms). */
  readonly consumerIdleMs?: number;
}

/**
 * How workers move delayed events (`deliverAt`) into the streams once due. See docs/scheduling.md.
 * @example
 * ```ts
 * new RedisBackend({ delayed: { pollIntervalMs: 50, batchSize: 2_000 } });
 * ```
 */
export interface RedisDelayedOptions {
  /**
   * How often a worker looks for due delayed events it was not told of (stored by other processes
   * and due before the earliest it knows): the lateness such an event may have (100).
   */
  readonly pollIntervalMs?: number;
  /** The most events one move (one atomic script call) takes (1,000). */
  readonly batchSize?: number;
}

/**
 * Reconnection backoff: `min(maxDelayMs, baseDelayMs * 2^retries)`, half fixed and half random.
 * @example
 * ```ts
 * new RedisBackend({ reconnect: { baseDelayMs: 50, maxDelayMs: 2_000 } });
 * ```
 */
export interface RedisReconnectOptions {
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * A Redis Cluster to connect to instead of a single `url`. The backend discovers the other
 * masters from any root node; the first root node's user, password and TLS (`rediss://`) are
 * used for every node. Every key of one backend shares the `streamKey`'s hash tag, so each
 * multi-key command and script stays in one slot. See docs/redis.md, "Redis Cluster".
 * @example
 * ```ts
 * new RedisBackend({
 *   cluster: { rootNodes: [{ url: 'redis://:secret@10.0.0.1:7000' }, { url: 'redis://:secret@10.0.0.2:7000' }] },
 *   streamKey: '{shop}:events',
 * });
 * ```
 */
export interface RedisClusterOptions {
  /** A few of the Cluster's nodes, `redis[s]://[[user]:password@]host:port` (no database: a Cluster has only 0). */
  readonly rootNodes: readonly { readonly url: string }[];
}

/** How a worker orders the deliveries of one partition key: see {@link RedisBackendOptions.ordering}. */
export type RedisOrdering = 'per-key' | 'none';

/**
 * Options of {@link RedisBackend}, every one optional. Times are in milliseconds.
 * @example
 * ```ts
 * const options: RedisBackendOptions = {
 *   url: 'rediss://:secret@redis.internal:6380/0',
 *   streamKey: '{shop}:events',
 *   maxDeliveries: 5,
 *   claimMinIdleMs: 60_000,
 * };
 * const backend = new RedisBackend(options);
 * ```
 */
export interface RedisBackendOptions {
  /** `redis[s]://[[user]:password@]host[:port][/db]` (default `redis://127.0.0.1:6379`); `rediss://` uses TLS. */
  readonly url?: string;
  /**
   * A Redis Cluster instead of `url` (give one or the other). Its `streamKey` must have a hash tag;
   * the default is then `{necrostack}:events`.
   */
  readonly cluster?: RedisClusterOptions;
  /**
   * The events stream, used exactly as given (default `necrostack:events`, or `{necrostack}:events`
   * with `cluster`). With `cluster` it must hold a hash tag (`{shop}:events`).
   */
  readonly streamKey?: string;
  /** Prefix of every consumer group: `${consumerGroup}:${group}` (default `necrostack`). */
  readonly consumerGroup?: string;
  /** This worker's consumer name in every group (default `<hostname>-<pid>-<random>`). */
  readonly consumerName?: string;
  /** Deliveries of one event to one group before it is dead-lettered (3). */
  readonly maxDeliveries?: number;
  /**
   * A delivery pending this long on a silent consumer is taken over by a live one (30,000).
   * In-flight deliveries are kept fresh every `claimMinIdleMs / 3`, so a slow handler is not robbed;
   * a synchronous handler that blocks the event loop longer than this can be.
   */
  readonly claimMinIdleMs?: number;
  /** How often a pull looks for deliveries to take over (1,000). */
  readonly claimIntervalMs?: number;
  /** The dead-letter stream (default `${streamKey}:dlq`). */
  readonly dlqStream?: string;
  /** The most dead letters kept; older ones are trimmed and counted in `droppedCount` (100,000). */
  readonly deadLetterMaxLen?: number;
  /** `single` (default): one stream for every event; `per-type`: one stream per event type. */
  readonly layout?: RedisLayout;
  /**
   * How many streams the events are spread over (1 to 1,024; default 1, the events stream itself).
   * With more than one, each partition is a stream with a hash tag of its own (`{orders-p3}:events`
   * for `streamKey` `{orders}:events`), so on a Redis Cluster they spread over the masters; an event
   * goes to the partition of its {@link RedisBackendOptions.partitionKey}, and deliveries of one key
   * are handled one at a time, in stream order, across the fleet (see {@link RedisBackendOptions.ordering}). Changing it: drain, then restart with
   * the new number (docs/redis.md, "Partitions"). Not with the `per-type` layout.
   * @example
   * ```ts
   * new RedisBackend({ cluster: { rootNodes: [{ url: 'redis://10.0.0.1:7001' }] }, streamKey: '{orders}:events', partitions: 12 });
   * ```
   */
  readonly partitions?: number;
  /**
   * The key that picks an event's partition, and whose deliveries are handled in order (default: the
   * event's `correlationId`, or its `id` when it has none). Must return the same key for the same
   * event in every process.
   * @example
   * ```ts
   * new RedisBackend({ partitions: 12, partitionKey: (event) => String((event.payload as { orderId: string }).orderId) });
   * ```
   */
  readonly partitionKey?: (event: Event<object>) => string;
  /**
   * Whether one partition key's deliveries are handled one at a time, in stream order (`per-key`),
   * or with no order at all (`none`: any delivery may run beside any other). Default `per-key` when
   * `partitions` is more than 1 or a `partitionKey` is given, else `none`. `none` with partitions
   * spreads the load over a Cluster's masters without the cost of keeping order
   * (docs/redis.md, "Per-key order").
   * @example
   * ```ts
   * new RedisBackend({ partitions: 12, ordering: 'none' }); // spread over 12 streams, unordered
   * ```
   */
  readonly ordering?: RedisOrdering;
  /** Where a group new to Redis starts: `beginning` (default) of the retained stream, or its `end`. */
  readonly startAt?: 'beginning' | 'end';
  /** The longest single blocking read while a pull waits for events (5,000). */
  readonly blockMs?: number;
  /**
   * The most entries a worker holds pending at once, read ahead of its Spine's pulls (1,000). While a
   * backlog lasts and the handlers outpace the reads, each XREADGROUP reads more than the Spine's
   * `batchSize` (doubling up to this bound), and back to one batch once the backlog is gone. A worker that dies was holding up to this many:
   * they are taken over after `claimMinIdleMs` and count one delivery each (docs/redis.md, "Batching").
   */
  readonly maxInFlight?: number;
  readonly retention?: RedisRetentionOptions;
  readonly delayed?: RedisDelayedOptions;
  /** How long idempotent groups remember completed event ids (86,400,000). */
  readonly idempotencyTtlMs?: number;
  /**
   * How long a retry of an enqueue whose reply never came is recognised, and writes nothing
   * (300,000, or `commandTimeoutMs` when longer; at least `commandTimeoutMs`). Keep it above `commandTimeoutMs` × the tries of the
   * Spine (`retryAttempts`) and of your own code.
   */
  readonly enqueueDedupWindowMs?: number;
  /** A command not answered within this time fails with BackendUnavailableError (10,000). */
  readonly commandTimeoutMs?: number;
  /** Timeout of one connection attempt (5,000). */
  readonly connectTimeoutMs?: number;
  /** `health()` answers within this time (2,000). */
  readonly healthTimeoutMs?: number;
  readonly reconnect?: RedisReconnectOptions;
  /** Extra node-redis socket options, e.g. `{ ca }` for TLS with a private certificate authority. */
  readonly socket?: Readonly<Record<string, unknown>>;
  /** Where the backend logs (default: the core winston logger). */
  readonly logger?: Logger;
}

// The default of every RedisBackend option, one constant each.

/**
 * The Redis a backend connects to when no `url` is given.
 * @example
 * ```ts
 * new RedisBackend({ url: process.env.REDIS_URL ?? DEFAULT_REDIS_URL });
 * ```
 */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * The events stream of the original NecroStack, shared with its Python workers.
 * @example
 * ```ts
 * new RedisBackend({ streamKey: DEFAULT_STREAM_KEY });
 * ```
 */
export const DEFAULT_STREAM_KEY = 'necrostack:events';
/**
 * The events stream on a Redis Cluster: hash-tagged, so every key derived from it is in its slot.
 * @example
 * ```ts
 * new RedisBackend({ cluster: { rootNodes: [{ url: 'redis://10.0.0.1:7000' }] }, streamKey: DEFAULT_CLUSTER_STREAM_KEY });
 * ```
 */
export const DEFAULT_CLUSTER_STREAM_KEY = '{necrostack}:events';
/**
 * Prefix of every consumer group: `necrostack:<organ>`.
 * @example
 * ```ts
 * new RedisBackend({ consumerGroup: DEFAULT_CONSUMER_GROUP });
 * ```
 */
export const DEFAULT_CONSUMER_GROUP = 'necrostack';
/**
 * Deliveries of one event to one group before it is dead-lettered.
 * @example
 * ```ts
 * new RedisBackend({ maxDeliveries: DEFAULT_REDIS_MAX_DELIVERIES + 2 });
 * ```
 */
export const DEFAULT_REDIS_MAX_DELIVERIES = 3;
/**
 * How long a delivery sits on a silent consumer before a live one takes it over.
 * @example
 * ```ts
 * new RedisBackend({ claimMinIdleMs: DEFAULT_CLAIM_MIN_IDLE_MS / 3 });
 * ```
 */
export const DEFAULT_CLAIM_MIN_IDLE_MS = 30_000;
/**
 * How often a pull looks for deliveries to take over (never more than `claimMinIdleMs`).
 * @example
 * ```ts
 * new RedisBackend({ claimIntervalMs: DEFAULT_CLAIM_INTERVAL_MS * 5 });
 * ```
 */
export const DEFAULT_CLAIM_INTERVAL_MS = 1_000;
/**
 * The longest single blocking read while a pull waits.
 * @example
 * ```ts
 * new RedisBackend({ blockMs: DEFAULT_BLOCK_MS });
 * ```
 */
export const DEFAULT_BLOCK_MS = 5_000;
/**
 * The most entries a worker holds pending at once (read ahead while a backlog lasts).
 * @example
 * ```ts
 * new RedisBackend({ maxInFlight: DEFAULT_MAX_IN_FLIGHT / 4 }); // less to take over after a crash
 * ```
 */
export const DEFAULT_MAX_IN_FLIGHT = 1_000;
/**
 * How often a worker applies the retention policy.
 * @example
 * ```ts
 * new RedisBackend({ retention: { intervalMs: DEFAULT_RETENTION_INTERVAL_MS * 5 } });
 * ```
 */
export const DEFAULT_RETENTION_INTERVAL_MS = 60_000;
/**
 * How long a consumer owning nothing may stay idle before it is deleted.
 * @example
 * ```ts
 * new RedisBackend({ retention: { consumerIdleMs: DEFAULT_CONSUMER_IDLE_MS * 24 } });
 * ```
 */
export const DEFAULT_CONSUMER_IDLE_MS = 3_600_000;
/**
 * The most dead letters kept in the dead-letter stream.
 * @example
 * ```ts
 * new RedisBackend({ deadLetterMaxLen: DEFAULT_DEAD_LETTER_MAX_LEN * 10 });
 * ```
 */
export const DEFAULT_DEAD_LETTER_MAX_LEN = 100_000;
/**
 * How long idempotent groups remember the event ids they completed.
 * @example
 * ```ts
 * new RedisBackend({ idempotencyTtlMs: DEFAULT_IDEMPOTENCY_TTL_MS * 7 });
 * ```
 */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 86_400_000;
/**
 * How long the mark of an enqueue whose reply never came is kept, so that a retry of the same
 * events writes nothing: it covers the Spine's retries (`retryAttempts` × `commandTimeoutMs`, plus
 * backoff: about 31 s with the defaults) and a caller's own, slower ones. Marks whose reply came
 * are deleted by later enqueues, so this costs Redis memory only for the unanswered ones.
 * @example
 * ```ts
 * new RedisBackend({ commandTimeoutMs: 30_000, enqueueDedupWindowMs: DEFAULT_ENQUEUE_DEDUP_WINDOW_MS * 2 });
 * ```
 */
export const DEFAULT_ENQUEUE_DEDUP_WINDOW_MS = 300_000;
/**
 * How long a command may wait for its reply (or for a connection).
 * @example
 * ```ts
 * new RedisBackend({ commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
/**
 * Timeout of one connection attempt.
 * @example
 * ```ts
 * new RedisBackend({ connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS * 2 });
 * ```
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/**
 * The time within which `health()` answers.
 * @example
 * ```ts
 * new RedisBackend({ healthTimeoutMs: DEFAULT_HEALTH_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;
/**
 * First reconnection delay; doubled on each failed attempt, with jitter.
 * @example
 * ```ts
 * new RedisBackend({ reconnect: { baseDelayMs: DEFAULT_RECONNECT_BASE_DELAY_MS * 2 } });
 * ```
 */
export const DEFAULT_RECONNECT_BASE_DELAY_MS = 100;
/**
 * Longest reconnection delay.
 * @example
 * ```ts
 * new RedisBackend({ reconnect: { maxDelayMs: DEFAULT_RECONNECT_MAX_DELAY_MS * 6 } });
 * ```
 */
export const DEFAULT_RECONNECT_MAX_DELAY_MS = 5_000;
/**
 * How often each worker looks for delayed events other producers stored that are due before the
 * earliest one it knows of (it moves that one on time by itself).
 * @example
 * ```ts
 * new RedisBackend({ delayed: { pollIntervalMs: DEFAULT_DELAYED_POLL_INTERVAL_MS / 2 } });
 * ```
 */
export const DEFAULT_DELAYED_POLL_INTERVAL_MS = 100;
/**
 * The most due delayed events one call of the promote script moves to the streams.
 * @example
 * ```ts
 * new RedisBackend({ delayed: { batchSize: DEFAULT_DELAYED_BATCH_SIZE * 2 } });
 * ```
 */
export const DEFAULT_DELAYED_BATCH_SIZE = 1_000;
/**
 * How many streams the events are spread over: 1, the events stream itself.
 * @example
 * ```ts
 * new RedisBackend({ partitions: DEFAULT_PARTITIONS * 12 });
 * ```
 */
export const DEFAULT_PARTITIONS = 1;
/**
 * The most partitions a backend may have.
 * @example
 * ```ts
 * if (wanted > MAX_PARTITIONS) throw new Error(`at most ${MAX_PARTITIONS} partitions`);
 * ```
 */
export const MAX_PARTITIONS = 1_024;

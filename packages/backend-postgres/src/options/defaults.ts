// The default of every PostgresBackend option, one constant each.

/**
 * The database a backend connects to when neither `connectionString` nor `pool` is given.
 * @example
 * ```ts
 * new PostgresBackend({ connectionString: process.env.DATABASE_URL ?? DEFAULT_POSTGRES_URL });
 * ```
 */
export const DEFAULT_POSTGRES_URL = 'postgres://127.0.0.1:5432/postgres';
/**
 * The schema holding the backend's tables.
 * @example
 * ```ts
 * new PostgresBackend({ schema: `${DEFAULT_SCHEMA}_staging` });
 * ```
 */
export const DEFAULT_SCHEMA = 'necrostack';
/**
 * Deliveries of one event to one group before it is dead-lettered.
 * @example
 * ```ts
 * new PostgresBackend({ maxDeliveries: DEFAULT_POSTGRES_MAX_DELIVERIES + 2 });
 * ```
 */
export const DEFAULT_POSTGRES_MAX_DELIVERIES = 3;
/**
 * How long a claimed delivery stays leased to its consumer without a renewal; once the lease has
 * run out (the consumer died or lost its connection), any live consumer takes the delivery over.
 * @example
 * ```ts
 * new PostgresBackend({ claimMinIdleMs: DEFAULT_PG_CLAIM_MIN_IDLE_MS / 3 });
 * ```
 */
export const DEFAULT_PG_CLAIM_MIN_IDLE_MS = 30_000;
/**
 * The longest a waiting pull sleeps between two claims when no notification comes (the poll
 * fallback; it also finds leases that ran out).
 * @example
 * ```ts
 * new PostgresBackend({ pollIntervalMs: DEFAULT_PG_POLL_INTERVAL_MS * 2 });
 * ```
 */
export const DEFAULT_PG_POLL_INTERVAL_MS = 1_000;
/**
 * Connections of the pool a backend builds from `connectionString` (one of them listens for notifications).
 * @example
 * ```ts
 * new PostgresBackend({ connectionString, poolSize: DEFAULT_POOL_SIZE * 2 });
 * ```
 */
export const DEFAULT_POOL_SIZE = 5;
/**
 * How often a worker applies the retention policy.
 * @example
 * ```ts
 * new PostgresBackend({ retention: { intervalMs: DEFAULT_PG_RETENTION_INTERVAL_MS * 5 } });
 * ```
 */
export const DEFAULT_PG_RETENTION_INTERVAL_MS = 60_000;
/**
 * How long an event is kept once every group has settled it.
 * @example
 * ```ts
 * new PostgresBackend({ retention: { handledMs: DEFAULT_HANDLED_RETENTION_MS * 24 } });
 * ```
 */
export const DEFAULT_HANDLED_RETENTION_MS = 3_600_000;
/**
 * The most rows one retention statement deletes (a round deletes in such batches until done).
 * @example
 * ```ts
 * new PostgresBackend({ retention: { batchSize: DEFAULT_RETENTION_BATCH_SIZE / 2 } });
 * ```
 */
export const DEFAULT_RETENTION_BATCH_SIZE = 5_000;
/**
 * How long idempotent groups remember the event ids they completed.
 * @example
 * ```ts
 * new PostgresBackend({ idempotencyTtlMs: DEFAULT_PG_IDEMPOTENCY_TTL_MS * 7 });
 * ```
 */
export const DEFAULT_PG_IDEMPOTENCY_TTL_MS = 86_400_000;
/**
 * The time within which `health()` answers.
 * @example
 * ```ts
 * new PostgresBackend({ healthTimeoutMs: DEFAULT_PG_HEALTH_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_PG_HEALTH_TIMEOUT_MS = 2_000;
/**
 * How often each worker looks for due delayed events it was not told of (a notification lost while
 * its LISTEN connection was down); new delayed events otherwise notify the workers at commit.
 * @example
 * ```ts
 * new PostgresBackend({ delayed: { pollIntervalMs: DEFAULT_PG_DELAYED_POLL_INTERVAL_MS / 2 } });
 * ```
 */
export const DEFAULT_PG_DELAYED_POLL_INTERVAL_MS = 1_000;
/**
 * The most due delayed events one call of `promote` moves into `events`.
 * @example
 * ```ts
 * new PostgresBackend({ delayed: { batchSize: DEFAULT_PG_DELAYED_BATCH_SIZE * 2 } });
 * ```
 */
export const DEFAULT_PG_DELAYED_BATCH_SIZE = 1_000;

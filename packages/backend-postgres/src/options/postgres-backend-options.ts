import type { Logger } from '@necrostack/core';
import type { Pool } from 'pg';

/**
 * How the events table is kept bounded. See docs/postgres.md, "Retention".
 * @example
 * ```ts
 * new PostgresBackend({ connectionString, retention: { intervalMs: 30_000, handledMs: 600_000 } });
 * ```
 */
export interface PostgresRetentionOptions {
  /** How often a worker deletes handled events and expired completions (60,000 ms; 0 = never). */
  readonly intervalMs?: number;
  /**
   * An event is deleted once no group has a delivery of it left and it is older than this
   * (3,600,000 ms): events no group listens to are kept as long, for a group subscribed late.
   */
  readonly handledMs?: number;
  /** The most rows one DELETE removes (5,000): short transactions, and VACUUM keeps up. */
  readonly batchSize?: number;
}

/**
 * How workers move delayed events (`deliverAt`) into `events` once due. See docs/postgres.md, "Delayed events".
 * @example
 * ```ts
 * new PostgresBackend({ connectionString, delayed: { pollIntervalMs: 500, batchSize: 2_000 } });
 * ```
 */
export interface PostgresDelayedOptions {
  /** How often a worker looks for due delayed events no notification told it of (1,000). */
  readonly pollIntervalMs?: number;
  /** The most events one move takes (1,000); a full move is followed by another at once. */
  readonly batchSize?: number;
}

/**
 * Options of {@link PostgresBackend}, every one optional. Times are in milliseconds.
 * @example
 * ```ts
 * const options: PostgresBackendOptions = {
 *   connectionString: 'postgres://app:secret@db.internal:5432/shop',
 *   schema: 'necrostack',
 *   maxDeliveries: 5,
 *   claimMinIdleMs: 60_000,
 * };
 * const backend = new PostgresBackend(options);
 * ```
 */
export interface PostgresBackendOptions {
  /** `postgres[ql]://[user[:password]@]host[:port]/database[?…]`; ignored when `pool` is given. */
  readonly connectionString?: string;
  /**
   * A node-postgres pool to use instead of one built from `connectionString`: the backend never
   * ends it (its owner does), and holds one of its clients for LISTEN while it consumes.
   */
  readonly pool?: Pool;
  /** Connections of the pool built from `connectionString` (5). */
  readonly poolSize?: number;
  /** The schema of the backend's tables, created on first use (default `necrostack`). */
  readonly schema?: string;
  /** This worker's name on the deliveries it claims (default `<hostname>-<pid>-<random>`). */
  readonly consumerName?: string;
  /** Deliveries of one event to one group before it is dead-lettered (3). */
  readonly maxDeliveries?: number;
  /**
   * A claimed delivery whose consumer has not renewed its lease for this long is taken over by a
   * live consumer (30,000). Leases of deliveries in flight are renewed every `claimMinIdleMs / 3`,
   * so a slow handler is not robbed; a synchronous handler that blocks the event loop longer can be.
   */
  readonly claimMinIdleMs?: number;
  /** The longest a waiting pull sleeps when no notification comes: the poll fallback (1,000). */
  readonly pollIntervalMs?: number;
  readonly retention?: PostgresRetentionOptions;
  readonly delayed?: PostgresDelayedOptions;
  /** How long idempotent groups remember completed event ids (86,400,000). */
  readonly idempotencyTtlMs?: number;
  /** `health()` answers within this time (2,000). */
  readonly healthTimeoutMs?: number;
  /** Where the backend logs (default: the core winston logger). */
  readonly logger?: Logger;
}

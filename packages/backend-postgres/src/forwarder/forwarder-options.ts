import type { Logger, Publisher } from '@necrostack/core';
import type { PostgresBackendOptions } from '../options/postgres-backend-options';

/**
 * The group the forwarder consumes as, unless told otherwise. The colon keeps it apart from organ
 * groups (an organ's group is its class name, or the `group` organs share).
 * @example
 * ```ts
 * new PostgresForwarder({ postgres, publisher, group: `${DEFAULT_FORWARDER_GROUP}:audit` });
 * ```
 */
export const DEFAULT_FORWARDER_GROUP = 'necrostack:forwarder';
/**
 * The most events one claim takes and one `publisher.enqueue` sends.
 * @example
 * ```ts
 * new PostgresForwarder({ postgres, publisher, batchSize: DEFAULT_FORWARDER_BATCH_SIZE * 2 });
 * ```
 */
export const DEFAULT_FORWARDER_BATCH_SIZE = 500;
/**
 * How often a standby forwarder tries to take the lease: the longest a crashed forwarder's work
 * waits once PostgreSQL has noticed the crash.
 * @example
 * ```ts
 * new PostgresForwarder({ postgres, publisher, standbyPollMs: DEFAULT_FORWARDER_STANDBY_POLL_MS / 4 });
 * ```
 */
export const DEFAULT_FORWARDER_STANDBY_POLL_MS = 1_000;
/**
 * The first wait before a failed publish is tried again; it doubles with each failure of the same
 * batch, up to {@link DEFAULT_FORWARDER_RETRY_MAX_DELAY_MS}.
 * @example
 * ```ts
 * new PostgresForwarder({ postgres, publisher, retryBaseDelayMs: DEFAULT_FORWARDER_RETRY_BASE_DELAY_MS * 5 });
 * ```
 */
export const DEFAULT_FORWARDER_RETRY_BASE_DELAY_MS = 100;
/**
 * The longest wait between two tries of a failed publish.
 * @example
 * ```ts
 * new PostgresForwarder({ postgres, publisher, retryMaxDelayMs: DEFAULT_FORWARDER_RETRY_MAX_DELAY_MS * 6 });
 * ```
 */
export const DEFAULT_FORWARDER_RETRY_MAX_DELAY_MS = 5_000;

/**
 * Options of {@link PostgresForwarder}. Times are in milliseconds.
 * @example
 * ```ts
 * const options: PostgresForwarderOptions = {
 *   postgres: { connectionString: process.env.DATABASE_URL, schema: 'necrostack' },
 *   publisher: new RedisBackend({ url: process.env.REDIS_URL }),
 *   batchSize: 1_000,
 * };
 * ```
 */
export interface PostgresForwarderOptions {
  /**
   * Where the outbox is: the options of the PostgreSQL backend the forwarder reads with (its own
   * instance, never shared with a Spine). `connectionString` or `pool`, `schema`, `claimMinIdleMs`…
   */
  readonly postgres: PostgresBackendOptions;
  /** Where events go, e.g. a `RedisBackend`. The forwarder never closes it: its owner does. */
  readonly publisher: Publisher;
  /** The group the forwarder consumes as (`necrostack:forwarder`): one per destination. */
  readonly group?: string;
  /** The most events one claim takes and one `publisher.enqueue` sends (500). */
  readonly batchSize?: number;
  /** How often a standby tries to take the lease (1,000). */
  readonly standbyPollMs?: number;
  /** The first wait before a failed publish is tried again (100); doubles per failure. */
  readonly retryBaseDelayMs?: number;
  /** The longest wait between two tries of a failed publish (5,000). */
  readonly retryMaxDelayMs?: number;
  /** Where the forwarder logs (default: the PostgreSQL options' logger, else the core winston logger). */
  readonly logger?: Logger;
}

/**
 * A select-list expression that makes the statement's own transaction commit without waiting for
 * its WAL to reach the disk (`synchronous_commit = off` for that transaction only). Every consumer
 * statement (claim, settle, lease renewal) may: when PostgreSQL crashes before the WAL writer
 * flushed it (at most about 3 × `wal_writer_delay`), the transaction never happened, which only
 * means its deliveries are handed out again — at-least-once holds. Events are never written this
 * way: `enqueue` resolves only once they are on disk. Any later durable commit flushes the earlier
 * WAL too.
 */
export const ASYNC_COMMIT = `set_config('synchronous_commit', 'off', true)`;

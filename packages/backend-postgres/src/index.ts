/**
 * @necrostack/backend-postgres — the PostgreSQL backend of NecroStack: per-organ delivery rows
 * claimed with FOR UPDATE SKIP LOCKED, LISTEN/NOTIFY wake-ups, durable dead letters, and a
 * transactional outbox (`enqueue(events, { client })`); delayed events, schedule ticks and a saga
 * store. See docs/postgres.md.
 */
export { PostgresBackend, type PostgresEnqueueOptions } from './postgres-backend';
export type { PostgresBackendOptions, PostgresRetentionOptions, PostgresDelayedOptions } from './options/postgres-backend-options';
export {
  DEFAULT_POSTGRES_URL, DEFAULT_SCHEMA, DEFAULT_POSTGRES_MAX_DELIVERIES, DEFAULT_PG_CLAIM_MIN_IDLE_MS, DEFAULT_PG_POLL_INTERVAL_MS,
  DEFAULT_POOL_SIZE, DEFAULT_PG_RETENTION_INTERVAL_MS, DEFAULT_HANDLED_RETENTION_MS, DEFAULT_RETENTION_BATCH_SIZE,
  DEFAULT_PG_IDEMPOTENCY_TTL_MS, DEFAULT_PG_HEALTH_TIMEOUT_MS, DEFAULT_PG_DELAYED_POLL_INTERVAL_MS, DEFAULT_PG_DELAYED_BATCH_SIZE,
} from './options/defaults';
export { transactional, transactionOf, type TransactionalOptions } from './outbox/transactional.middleware';
export { PostgresTables } from './schema/postgres-tables';
export type { Queryable } from './connection/database';
export type { PostgresMetrics } from './metrics';
export type { PostgresHealth, PostgresHealthDetails, PostgresGroupHealth } from './maintenance/health';
export type { MaintenanceReport } from './maintenance/retention';
export { PostgresDeadLetterQueue, replayRefusal } from './dead-letters/postgres-dead-letter-queue';
export { PostgresSagaStore } from './sagas/postgres-saga-store';
export type { ReplayReport, RefusedReplay } from '@necrostack/core';
export { PostgresForwarder } from './forwarder/postgres-forwarder';
export {
  DEFAULT_FORWARDER_GROUP, DEFAULT_FORWARDER_BATCH_SIZE, DEFAULT_FORWARDER_STANDBY_POLL_MS, DEFAULT_FORWARDER_RETRY_BASE_DELAY_MS,
  DEFAULT_FORWARDER_RETRY_MAX_DELAY_MS, type PostgresForwarderOptions,
} from './forwarder/forwarder-options';
export type { ForwarderStats, ForwarderState } from './forwarder/forwarder-stats';

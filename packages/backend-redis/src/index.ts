/**
 * @necrostack/backend-redis — the Redis Streams backend of NecroStack: per-organ consumer groups,
 * at-least-once delivery across any number of workers, durable dead letters. See docs/redis.md.
 */
export { RedisBackend } from './redis-backend';
export type {
  RedisBackendOptions, RedisClusterOptions, RedisRetentionOptions, RedisReconnectOptions, RedisDelayedOptions, RedisOrdering,
} from './options/redis-backend-options';
export {
  DEFAULT_REDIS_URL, DEFAULT_STREAM_KEY, DEFAULT_CLUSTER_STREAM_KEY, DEFAULT_CONSUMER_GROUP, DEFAULT_REDIS_MAX_DELIVERIES, DEFAULT_CLAIM_MIN_IDLE_MS,
  DEFAULT_CLAIM_INTERVAL_MS, DEFAULT_BLOCK_MS, DEFAULT_RETENTION_INTERVAL_MS, DEFAULT_CONSUMER_IDLE_MS,
  DEFAULT_DEAD_LETTER_MAX_LEN, DEFAULT_IDEMPOTENCY_TTL_MS, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEALTH_TIMEOUT_MS, DEFAULT_RECONNECT_BASE_DELAY_MS, DEFAULT_RECONNECT_MAX_DELAY_MS, DEFAULT_ENQUEUE_DEDUP_WINDOW_MS,
  DEFAULT_DELAYED_POLL_INTERVAL_MS, DEFAULT_DELAYED_BATCH_SIZE, DEFAULT_MAX_IN_FLIGHT, DEFAULT_PARTITIONS, MAX_PARTITIONS,
} from './options/defaults';
export { RedisKeys, type RedisKeysOptions, type RedisLayout } from './redis-keys';
export { defaultPartitionKey, partitionOf, type PartitionKeyOf } from './partitions/partition-key';
export type { RedisMetrics } from './metrics';
export type { RedisHealth, RedisHealthDetails, RedisStreamHealth, RedisGroupHealth } from './maintenance/health';
export type { MaintenanceReport } from './maintenance/retention';
export { RedisDeadLetterQueue } from './dead-letters/redis-dead-letter-queue';
export type { ReplayReport, RefusedReplay } from '@necrostack/core';
export { replayRefusal, toFailedEvent } from './codec/dead-letter-codec';
export type { RawEntry } from './codec/entry-codec';
export { RedisSagaStore } from './sagas/redis-saga-store';
export { commandKey, hashText } from './connection/command-key';
export { clusterNodeDefaults, type ClusterNodeDefaults } from './connection/cluster-defaults';

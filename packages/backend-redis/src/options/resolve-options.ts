import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConfigurationError, integerOption, nonEmptyOption } from '@necrostack/core';
import { hashText } from '../connection/command-key';
import { defaultPartitionKey, type PartitionKeyOf } from '../partitions/partition-key';
import type { RedisLayout } from '../redis-keys';
import type { RedisBackendOptions } from './redis-backend-options';
import {
  DEFAULT_REDIS_URL, DEFAULT_STREAM_KEY, DEFAULT_CLUSTER_STREAM_KEY, DEFAULT_CONSUMER_GROUP, DEFAULT_REDIS_MAX_DELIVERIES, DEFAULT_CLAIM_MIN_IDLE_MS,
  DEFAULT_CLAIM_INTERVAL_MS, DEFAULT_BLOCK_MS, DEFAULT_RETENTION_INTERVAL_MS, DEFAULT_CONSUMER_IDLE_MS,
  DEFAULT_DEAD_LETTER_MAX_LEN, DEFAULT_IDEMPOTENCY_TTL_MS, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEALTH_TIMEOUT_MS, DEFAULT_RECONNECT_BASE_DELAY_MS, DEFAULT_RECONNECT_MAX_DELAY_MS, DEFAULT_ENQUEUE_DEDUP_WINDOW_MS,
  DEFAULT_DELAYED_POLL_INTERVAL_MS, DEFAULT_DELAYED_BATCH_SIZE, DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_PARTITIONS, MAX_PARTITIONS,
} from './defaults';

/** Options with every default applied. */
export interface ResolvedRedisOptions {
  /** The single Redis; unused with `cluster`. */
  readonly url: string;
  /** The Cluster's root node urls, when the backend connects to a Redis Cluster. */
  readonly cluster: { readonly rootNodes: readonly string[] } | undefined;
  readonly streamKey: string;
  readonly consumerGroup: string;
  readonly consumerName: string;
  readonly maxDeliveries: number;
  readonly claimMinIdleMs: number;
  readonly claimIntervalMs: number;
  readonly dlqStream: string | undefined;
  readonly deadLetterMaxLen: number;
  readonly layout: RedisLayout;
  readonly partitions: number;
  readonly partitionKey: PartitionKeyOf;
  /** Whether one partition key's deliveries are handled one at a time, in order (`ordering: 'per-key'`). */
  readonly orderedKeys: boolean;
  readonly startAt: 'beginning' | 'end';
  readonly blockMs: number;
  readonly maxInFlight: number;
  readonly retentionIntervalMs: number;
  readonly maxLen: number | undefined;
  readonly consumerIdleMs: number;
  readonly delayedPollIntervalMs: number;
  readonly delayedBatchSize: number;
  readonly idempotencyTtlMs: number;
  readonly commandTimeoutMs: number;
  readonly enqueueDedupWindowMs: number;
  readonly connectTimeoutMs: number;
  readonly healthTimeoutMs: number;
  readonly reconnectBaseDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly socket: Readonly<Record<string, unknown>>;
}

export function resolveOptions(o: RedisBackendOptions): ResolvedRedisOptions {
  const claimMinIdleMs = integerOption('claimMinIdleMs', o.claimMinIdleMs ?? DEFAULT_CLAIM_MIN_IDLE_MS, 30);
  const commandTimeoutMs = integerOption('commandTimeoutMs', o.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, 1);
  const cluster = clusterOption(o);
  const streamKey = nonEmptyOption('streamKey', o.streamKey ?? (cluster ? DEFAULT_CLUSTER_STREAM_KEY : DEFAULT_STREAM_KEY));
  const dlqStream = o.dlqStream === undefined ? undefined : nonEmptyOption('dlqStream', o.dlqStream);
  if (cluster) sameSlot(streamKey, dlqStream);
  const layout = oneOf('layout', o.layout ?? 'single', ['single', 'per-type']);
  const partitions = partitionsOption(o.partitions, layout);
  return {
    url: url('url', o.url ?? DEFAULT_REDIS_URL),
    cluster,
    streamKey,
    consumerGroup: nonEmptyOption('consumerGroup', o.consumerGroup ?? DEFAULT_CONSUMER_GROUP),
    consumerName: nonEmptyOption('consumerName', o.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
    maxDeliveries: integerOption('maxDeliveries', o.maxDeliveries ?? DEFAULT_REDIS_MAX_DELIVERIES, 1),
    claimMinIdleMs,
    claimIntervalMs: integerOption('claimIntervalMs', o.claimIntervalMs ?? Math.min(DEFAULT_CLAIM_INTERVAL_MS, claimMinIdleMs), 1),
    dlqStream,
    deadLetterMaxLen: integerOption('deadLetterMaxLen', o.deadLetterMaxLen ?? DEFAULT_DEAD_LETTER_MAX_LEN, 1),
    layout,
    partitions,
    partitionKey: partitionKeyOption(o.partitionKey),
    orderedKeys: oneOf('ordering', o.ordering ?? (partitions > 1 || o.partitionKey !== undefined ? 'per-key' : 'none'), ['per-key', 'none']) === 'per-key',
    startAt: oneOf('startAt', o.startAt ?? 'beginning', ['beginning', 'end']),
    blockMs: integerOption('blockMs', o.blockMs ?? DEFAULT_BLOCK_MS, 1),
    maxInFlight: integerOption('maxInFlight', o.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, 1),
    retentionIntervalMs: integerOption('retention.intervalMs', o.retention?.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS, 0),
    maxLen: o.retention?.maxLen === undefined ? undefined : integerOption('retention.maxLen', o.retention.maxLen, 1),
    consumerIdleMs: integerOption('retention.consumerIdleMs', o.retention?.consumerIdleMs ?? DEFAULT_CONSUMER_IDLE_MS, 1),
    delayedPollIntervalMs: integerOption('delayed.pollIntervalMs', o.delayed?.pollIntervalMs ?? DEFAULT_DELAYED_POLL_INTERVAL_MS, 1),
    delayedBatchSize: integerOption('delayed.batchSize', o.delayed?.batchSize ?? DEFAULT_DELAYED_BATCH_SIZE, 1),
    idempotencyTtlMs: integerOption('idempotencyTtlMs', o.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS, 1),
    commandTimeoutMs,
    enqueueDedupWindowMs: integerOption('enqueueDedupWindowMs', o.enqueueDedupWindowMs ?? Math.max(DEFAULT_ENQUEUE_DEDUP_WINDOW_MS, commandTimeoutMs), commandTimeoutMs),
    connectTimeoutMs: integerOption('connectTimeoutMs', o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, 1),
    healthTimeoutMs: integerOption('healthTimeoutMs', o.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS, 1),
    reconnectBaseDelayMs: integerOption('reconnect.baseDelayMs', o.reconnect?.baseDelayMs ?? DEFAULT_RECONNECT_BASE_DELAY_MS, 1),
    reconnectMaxDelayMs: integerOption('reconnect.maxDelayMs', o.reconnect?.maxDelayMs ?? DEFAULT_RECONNECT_MAX_DELAY_MS, 1),
    socket: o.socket ?? {},
  };
}

function clusterOption(o: RedisBackendOptions): ResolvedRedisOptions['cluster'] {
  if (o.cluster === undefined) return undefined;
  if (o.url !== undefined) throw new ConfigurationError('cluster', 'give either url (a single Redis) or cluster (a Redis Cluster), not both');
  const rootNodes = (o.cluster as { rootNodes?: unknown }).rootNodes;
  if (!Array.isArray(rootNodes) || rootNodes.length === 0) {
    throw new ConfigurationError('cluster.rootNodes', 'must list at least one node: [{ url: \'redis://host:port\' }]');
  }
  return {
    rootNodes: rootNodes.map((node: { url?: unknown }, i) => {
      const option = `cluster.rootNodes[${i}].url`;
      const value = url(option, typeof node?.url === 'string' ? node.url : '');
      if (!/^\/?0?$/.test(new URL(value).pathname)) throw new ConfigurationError(option, 'must not name a database: a Redis Cluster has only database 0');
      return value;
    }),
  };
}

function partitionsOption(value: number | undefined, layout: RedisLayout): number {
  const partitions = value ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
    throw new ConfigurationError('partitions', `must be an integer from 1 to ${MAX_PARTITIONS}, got ${String(value)}`);
  }
  if (partitions > 1 && layout === 'per-type') {
    throw new ConfigurationError('partitions', 'cannot be used with the per-type layout: give layout \'single\' (the default) with partitions > 1');
  }
  return partitions;
}

function partitionKeyOption(value: PartitionKeyOf | undefined): PartitionKeyOf {
  if (value === undefined) return defaultPartitionKey;
  if (typeof value !== 'function') throw new ConfigurationError('partitionKey', `must be a function (event) => string, got ${typeof value}`);
  return value;
}

/** On a Cluster, scripts use the events stream and the dead-letter stream together: one slot. */
function sameSlot(streamKey: string, dlqStream: string | undefined): void {
  if (hashText(streamKey) === streamKey) {
    throw new ConfigurationError('streamKey', `must hold a hash tag on a Redis Cluster, such as {${streamKey}}, so every key derived from it is in one slot`);
  }
  if (dlqStream !== undefined && hashText(dlqStream) !== hashText(streamKey)) {
    throw new ConfigurationError('dlqStream', `must have the hash tag of streamKey ({${hashText(streamKey)}}) on a Redis Cluster`);
  }
}

function url(option: string, value: string): string {
  // The message never repeats the url: it may hold a password.
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  const db = parsed?.pathname.slice(1) ?? '';
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || !parsed.hostname || (db !== '' && !/^\d+$/.test(db))) {
    throw new ConfigurationError(option, 'must be a redis:// or rediss:// URL (redis://[[user]:password@]host[:port][/db])');
  }
  return value;
}

function oneOf<T extends string>(option: string, value: T, values: readonly T[]): T {
  if (!values.includes(value)) throw new ConfigurationError(option, `must be one of ${values.join(', ')}, got ${String(value)}`);
  return value;
}

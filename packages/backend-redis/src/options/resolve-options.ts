import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConfigurationError, integerOption, nonEmptyOption } from '@necrostack/core';
import type { RedisLayout } from '../redis-keys';
import type { RedisBackendOptions } from './redis-backend-options';
import {
  DEFAULT_REDIS_URL, DEFAULT_STREAM_KEY, DEFAULT_CONSUMER_GROUP, DEFAULT_REDIS_MAX_DELIVERIES, DEFAULT_CLAIM_MIN_IDLE_MS,
  DEFAULT_CLAIM_INTERVAL_MS, DEFAULT_BLOCK_MS, DEFAULT_RETENTION_INTERVAL_MS, DEFAULT_CONSUMER_IDLE_MS,
  DEFAULT_DEAD_LETTER_MAX_LEN, DEFAULT_IDEMPOTENCY_TTL_MS, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEALTH_TIMEOUT_MS, DEFAULT_RECONNECT_BASE_DELAY_MS, DEFAULT_RECONNECT_MAX_DELAY_MS, DEFAULT_ENQUEUE_DEDUP_WINDOW_MS,
  DEFAULT_DELAYED_POLL_INTERVAL_MS, DEFAULT_DELAYED_BATCH_SIZE, DEFAULT_MAX_IN_FLIGHT,
} from './defaults';

/** Options with every default applied. */
export interface ResolvedRedisOptions {
  readonly url: string;
  readonly streamKey: string;
  readonly consumerGroup: string;
  readonly consumerName: string;
  readonly maxDeliveries: number;
  readonly claimMinIdleMs: number;
  readonly claimIntervalMs: number;
  readonly dlqStream: string | undefined;
  readonly deadLetterMaxLen: number;
  readonly layout: RedisLayout;
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
  return {
    url: url(o.url ?? DEFAULT_REDIS_URL),
    streamKey: nonEmptyOption('streamKey', o.streamKey ?? DEFAULT_STREAM_KEY),
    consumerGroup: nonEmptyOption('consumerGroup', o.consumerGroup ?? DEFAULT_CONSUMER_GROUP),
    consumerName: nonEmptyOption('consumerName', o.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
    maxDeliveries: integerOption('maxDeliveries', o.maxDeliveries ?? DEFAULT_REDIS_MAX_DELIVERIES, 1),
    claimMinIdleMs,
    claimIntervalMs: integerOption('claimIntervalMs', o.claimIntervalMs ?? Math.min(DEFAULT_CLAIM_INTERVAL_MS, claimMinIdleMs), 1),
    dlqStream: o.dlqStream === undefined ? undefined : nonEmptyOption('dlqStream', o.dlqStream),
    deadLetterMaxLen: integerOption('deadLetterMaxLen', o.deadLetterMaxLen ?? DEFAULT_DEAD_LETTER_MAX_LEN, 1),
    layout: oneOf('layout', o.layout ?? 'single', ['single', 'per-type']),
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

function url(value: string): string {
  // The message never repeats the url: it may hold a password.
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  const db = parsed?.pathname.slice(1) ?? '';
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || !parsed.hostname || (db !== '' && !/^\d+$/.test(db))) {
    throw new ConfigurationError('url', 'must be a redis:// or rediss:// URL (redis://[[user]:password@]host[:port][/db])');
  }
  return value;
}



function oneOf<T extends string>(option: string, value: T, values: readonly T[]): T {
  if (!values.includes(value)) throw new ConfigurationError(option, `must be one of ${values.join(', ')}, got ${String(value)}`);
  return value;
}

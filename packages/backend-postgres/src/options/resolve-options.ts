import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConfigurationError, integerOption, nonEmptyOption } from '@necrostack/core';
import type { Pool } from 'pg';
import type { PostgresBackendOptions } from './postgres-backend-options';
import {
  DEFAULT_POSTGRES_URL, DEFAULT_SCHEMA, DEFAULT_POSTGRES_MAX_DELIVERIES, DEFAULT_PG_CLAIM_MIN_IDLE_MS, DEFAULT_PG_POLL_INTERVAL_MS,
  DEFAULT_POOL_SIZE, DEFAULT_PG_RETENTION_INTERVAL_MS, DEFAULT_HANDLED_RETENTION_MS, DEFAULT_RETENTION_BATCH_SIZE,
  DEFAULT_PG_IDEMPOTENCY_TTL_MS, DEFAULT_PG_HEALTH_TIMEOUT_MS, DEFAULT_PG_DELAYED_POLL_INTERVAL_MS, DEFAULT_PG_DELAYED_BATCH_SIZE,
} from './defaults';

/** Options with every default applied. */
export interface ResolvedPostgresOptions {
  readonly connectionString: string | undefined;
  readonly pool: Pool | undefined;
  readonly poolSize: number;
  readonly schema: string;
  readonly consumerName: string;
  readonly maxDeliveries: number;
  readonly claimMinIdleMs: number;
  readonly pollIntervalMs: number;
  readonly retentionIntervalMs: number;
  readonly handledMs: number;
  readonly retentionBatchSize: number;
  readonly idempotencyTtlMs: number;
  readonly healthTimeoutMs: number;
  readonly delayedPollIntervalMs: number;
  readonly delayedBatchSize: number;
}

/** Schema names become part of a NOTIFY channel (at most 63 bytes): kept plain and short. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,49}$/;

export function resolveOptions(o: PostgresBackendOptions): ResolvedPostgresOptions {
  return {
    connectionString: o.pool ? undefined : connectionString(o.connectionString ?? DEFAULT_POSTGRES_URL),
    pool: o.pool,
    poolSize: integerOption('poolSize', o.poolSize ?? DEFAULT_POOL_SIZE, 2),
    schema: schema(o.schema ?? DEFAULT_SCHEMA),
    consumerName: nonEmptyOption('consumerName', o.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
    maxDeliveries: integerOption('maxDeliveries', o.maxDeliveries ?? DEFAULT_POSTGRES_MAX_DELIVERIES, 1),
    claimMinIdleMs: integerOption('claimMinIdleMs', o.claimMinIdleMs ?? DEFAULT_PG_CLAIM_MIN_IDLE_MS, 30),
    pollIntervalMs: integerOption('pollIntervalMs', o.pollIntervalMs ?? DEFAULT_PG_POLL_INTERVAL_MS, 1),
    retentionIntervalMs: integerOption('retention.intervalMs', o.retention?.intervalMs ?? DEFAULT_PG_RETENTION_INTERVAL_MS, 0),
    handledMs: integerOption('retention.handledMs', o.retention?.handledMs ?? DEFAULT_HANDLED_RETENTION_MS, 0),
    retentionBatchSize: integerOption('retention.batchSize', o.retention?.batchSize ?? DEFAULT_RETENTION_BATCH_SIZE, 1),
    idempotencyTtlMs: integerOption('idempotencyTtlMs', o.idempotencyTtlMs ?? DEFAULT_PG_IDEMPOTENCY_TTL_MS, 1),
    healthTimeoutMs: integerOption('healthTimeoutMs', o.healthTimeoutMs ?? DEFAULT_PG_HEALTH_TIMEOUT_MS, 1),
    delayedPollIntervalMs: integerOption('delayed.pollIntervalMs', o.delayed?.pollIntervalMs ?? DEFAULT_PG_DELAYED_POLL_INTERVAL_MS, 1),
    delayedBatchSize: integerOption('delayed.batchSize', o.delayed?.batchSize ?? DEFAULT_PG_DELAYED_BATCH_SIZE, 1),
  };
}

function connectionString(value: string): string {
  // The message never repeats the value: it may hold a password.
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new ConfigurationError('connectionString', 'must be a postgres:// or postgresql:// URL (postgres://[user[:password]@]host[:port]/database)');
  }
  return value;
}

function schema(value: string): string {
  if (typeof value !== 'string' || !SCHEMA_NAME.test(value)) {
    throw new ConfigurationError('schema', `must be 1 to 50 letters, digits or underscores, not starting with a digit; got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}



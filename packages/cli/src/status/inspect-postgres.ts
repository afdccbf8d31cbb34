import type { PostgresBackend, PostgresGroupHealth } from '@necrostack/backend-postgres';
import { maskSecrets } from '@necrostack/core';
import { CliError } from '../output/cli-error';

/** One group of a PostgreSQL backend: its health figures, and whether it is a forwarder's (every type). */
export interface PostgresGroupStatus extends PostgresGroupHealth {
  readonly forwarder: boolean;
}

/** A consumer holding leased deliveries of a group now. */
export interface PostgresConsumerStatus {
  readonly group: string;
  readonly consumer: string;
  readonly inFlight: number;
  /** When its latest lease runs out unless renewed, in ms from now. */
  readonly leaseEndsInMs: number;
}

/** What `necro status --json` prints for a PostgreSQL backend. */
export interface PostgresStatusReport {
  readonly backend: 'postgres';
  readonly schema: string;
  readonly schemaVersion: number;
  /** Rows in the events table (the planner's estimate). */
  readonly eventsEstimate: number;
  readonly groups: readonly PostgresGroupStatus[];
  readonly consumers: readonly PostgresConsumerStatus[];
  readonly deadLetters: { readonly table: string; readonly count: number };
}

interface ConsumerRow {
  group_name: string;
  consumer: string;
  in_flight: number;
  lease_ms: number;
}

/**
 * Reads the state of a PostgreSQL backend: its `health()` (groups with ready, in-flight and oldest
 * ready work; dead letters), which groups are forwarders, and who holds leases now.
 *
 * @throws CliError when PostgreSQL does not answer in time (the reason, password masked).
 * @example
 * ```ts
 * const report = await inspectPostgres(backend);
 * ```
 */
export async function inspectPostgres(backend: PostgresBackend): Promise<PostgresStatusReport> {
  const health = await backend.health();
  const { details } = health;
  if (!health.healthy) throw new CliError(`Cannot read the status from PostgreSQL: ${maskSecrets(details.error ?? 'no answer')}`);
  const { groups, deliveries, schemaName } = backend.tables;
  const forwarders = await backend.pool.query<{ name: string }>(`SELECT name FROM ${groups} WHERE all_types`);
  const consumers = await backend.pool.query<ConsumerRow>(`
    SELECT group_name, consumer, count(*)::int AS in_flight, (extract(epoch FROM max(visible_at) - now()) * 1000)::float8 AS lease_ms
    FROM ${deliveries} WHERE token IS NOT NULL AND visible_at > now() GROUP BY 1, 2 ORDER BY 1, 2`);
  const forwarderNames = new Set(forwarders.rows.map((r) => r.name));
  return {
    backend: 'postgres',
    schema: details.schema,
    schemaVersion: details.schemaVersion,
    eventsEstimate: details.eventsEstimate,
    groups: details.groups.map((g) => ({ ...g, forwarder: forwarderNames.has(g.name) })),
    consumers: consumers.rows.map((c) => ({ group: c.group_name, consumer: c.consumer, inFlight: c.in_flight, leaseEndsInMs: Math.max(0, Math.round(c.lease_ms)) })),
    deadLetters: { table: `${schemaName}.dead_letters`, count: details.deadLetters },
  };
}

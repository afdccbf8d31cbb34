import { withTimeout } from '@necrostack/core';
import type { Database } from '../connection/database';
import { describeCause } from '../connection/translate-error';
import { literal, type PostgresTables } from '../schema/postgres-tables';

/**
 * One group's work, as the `deliveries` table holds it.
 * @example
 * ```ts
 * const { details } = await backend.health();
 * for (const g of details.groups) console.log(g.name, g.ready, g.inFlight, g.consumers);
 * ```
 */
export interface PostgresGroupHealth {
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** Deliveries visible now: new, nacked, released, or leased to a consumer whose lease ran out. */
  readonly ready: number;
  /** Deliveries leased to a consumer now. */
  readonly inFlight: number;
  /** Consumers holding a lease now. */
  readonly consumers: number;
  /** How long the oldest ready delivery's event has waited, in ms (0 when none is ready). */
  readonly oldestReadyAgeMs: number;
}

/**
 * What `health()` found.
 * @example
 * ```ts
 * const { healthy, details } = await backend.health();
 * if (!healthy) console.error(details.error);
 * ```
 */
export interface PostgresHealthDetails {
  readonly connected: boolean;
  readonly consumerName: string;
  readonly schema: string;
  /** The latest migration applied (0 before the first use). */
  readonly schemaVersion: number;
  /** Whether this backend's LISTEN connection is open (pulls poll while it is not). */
  readonly listening: boolean;
  /** Rows in the events table (the planner's estimate: no full count on a large table). */
  readonly eventsEstimate: number;
  readonly groups: readonly PostgresGroupHealth[];
  readonly deadLetters: number;
  /** Why PostgreSQL could not be asked (password masked), when it could not. */
  readonly error?: string;
}

/**
 * The answer of `health()`: it never throws, and answers within `healthTimeoutMs`.
 * @example
 * ```ts
 * const { healthy, latencyMs, details } = await backend.health();
 * console.log(healthy, latencyMs, details.groups);
 * ```
 */
export interface PostgresHealth {
  readonly healthy: boolean;
  readonly latencyMs: number;
  readonly details: PostgresHealthDetails;
}

interface GroupRow {
  name: string;
  event_types: string[];
  ready: number;
  in_flight: number;
  consumers: number;
  oldest_ms: number | null;
}

/** What the health check needs to know of the backend. */
export interface HealthTarget {
  readonly db: Database;
  readonly tables: PostgresTables;
  readonly consumerName: string;
  readonly listening: () => boolean;
  readonly timeoutMs: number;
}

/** Asks PostgreSQL about the backend's tables in one read-only transaction. */
export async function checkHealth(target: HealthTarget): Promise<PostgresHealth> {
  const started = Date.now();
  const base = {
    connected: false, consumerName: target.consumerName, schema: target.tables.schemaName, schemaVersion: 0,
    listening: target.listening(), eventsEstimate: 0, groups: [], deadLetters: 0,
  };
  try {
    const details = await withTimeout(inspect(target), target.timeoutMs, 'health check');
    return { healthy: true, latencyMs: Date.now() - started, details: { ...base, ...details, connected: true } };
  } catch (error) {
    return { healthy: false, latencyMs: Date.now() - started, details: { ...base, error: describeCause(error) } };
  }
}

async function inspect({ db, tables }: HealthTarget): Promise<Partial<PostgresHealthDetails>> {
  const [present] = await db.query<{ present: boolean }>('health', `SELECT to_regclass(${literal(tables.migrations)}) IS NOT NULL AS present`);
  if (!present?.present) return { schemaVersion: 0 };
  const [summary] = await db.query<{ version: number; events: number; dead: number }>('health', `SELECT
    (SELECT coalesce(max(version), 0)::int FROM ${tables.migrations}) AS version,
    (SELECT greatest(reltuples, 0)::bigint::int FROM pg_class WHERE oid = ${literal(tables.events)}::regclass) AS events,
    (SELECT count(*)::int FROM ${tables.deadLetters}) AS dead`);
  const groups = await db.query<GroupRow>('health', `
    SELECT g.name, g.event_types,
      count(d.seq) FILTER (WHERE d.visible_at <= now())::int AS ready,
      count(d.seq) FILTER (WHERE d.visible_at > now() AND d.token IS NOT NULL)::int AS in_flight,
      count(DISTINCT d.consumer) FILTER (WHERE d.visible_at > now() AND d.token IS NOT NULL)::int AS consumers,
      (extract(epoch FROM now() - min(e.enqueued_at) FILTER (WHERE d.visible_at <= now())) * 1000)::float8 AS oldest_ms
    FROM ${tables.groups} g
    LEFT JOIN ${tables.deliveries} d ON d.group_name = g.name
    LEFT JOIN ${tables.events} e ON e.seq = d.seq
    GROUP BY g.name, g.event_types ORDER BY g.name`);
  return {
    schemaVersion: summary?.version ?? 0,
    eventsEstimate: summary?.events ?? 0,
    deadLetters: summary?.dead ?? 0,
    groups: groups.map((g) => ({
      name: g.name, eventTypes: g.event_types, ready: g.ready, inFlight: g.in_flight, consumers: g.consumers,
      oldestReadyAgeMs: Math.max(0, Math.round(g.oldest_ms ?? 0)),
    })),
  };
}

import type { Subscription } from '@necrostack/core';
import type { PoolClient } from 'pg';
import type { Database } from '../connection/database';
import type { PostgresTables } from '../schema/postgres-tables';

/** A group as this consumer reads it. */
export interface GroupState {
  readonly group: string;
  readonly eventTypes: ReadonlySet<string>;
  readonly idempotent: boolean;
}

interface StoredGroup {
  readonly name: string;
  readonly event_types: string[];
}

/**
 * The groups this consumer subscribed, and their rows in the `groups` table, which the fan-out
 * trigger routes by. A group's types only grow (workers of an older and a newer deploy may run side
 * by side; a type no organ handles any more is acked unhandled by the Spine). A group new to the
 * table, or a type new to a group, gets a delivery of every retained event of its types: events
 * stored before any worker started are delivered. That runs under a lock on `events` that waits for
 * writers in flight and keeps new ones out meanwhile, so no event is missed or delivered twice.
 */
export class GroupRegistry {
  readonly #states = new Map<string, GroupState>();

  constructor(private readonly db: Database, private readonly tables: PostgresTables) {}

  list(): GroupState[] {
    return [...this.#states.values()];
  }

  names(): string[] {
    return [...this.#states.keys()];
  }

  get(group: string): GroupState | undefined {
    return this.#states.get(group);
  }

  async subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    const wanted = merge(subscriptions);
    const changed = wanted.filter((s) => !sameState(this.#states.get(s.group), s));
    if (changed.length === 0) return;
    await this.db.transaction('subscribe', async (client) => {
      if ((await this.#additions(client, changed)).size === 0 && !(await this.#flagsDiffer(client, changed))) return;
      await client.query(`LOCK TABLE ${this.tables.events} IN SHARE ROW EXCLUSIVE MODE`);
      const added = await this.#additions(client, changed);
      for (const state of changed) await this.#store(client, state, added.get(state.group));
    });
    for (const state of changed) this.#states.set(state.group, state);
  }

  /** The types each group lacks in the table (all of them for a new group, marked by `null` in the list). */
  async #additions(client: PoolClient, states: readonly GroupState[]): Promise<Map<string, (string | null)[]>> {
    const { rows } = await client.query<StoredGroup>(`SELECT name, event_types FROM ${this.tables.groups} WHERE name = ANY($1)`, [states.map((s) => s.group)]);
    const stored = new Map(rows.map((r) => [r.name, new Set(r.event_types)]));
    const added = new Map<string, (string | null)[]>();
    for (const state of states) {
      const known = stored.get(state.group);
      // A new group also gets the rows of no type (unreadable ones), which go to every group.
      const types: (string | null)[] = known ? [...state.eventTypes].filter((t) => !known.has(t)) : [...state.eventTypes, null];
      if (types.length > 0) added.set(state.group, types);
    }
    return added;
  }

  async #flagsDiffer(client: PoolClient, states: readonly GroupState[]): Promise<boolean> {
    const { rows } = await client.query<{ name: string; idempotent: boolean }>(
      `SELECT name, idempotent FROM ${this.tables.groups} WHERE name = ANY($1)`, [states.map((s) => s.group)]);
    const flags = new Map(rows.map((r) => [r.name, r.idempotent]));
    return states.some((s) => flags.get(s.group) !== s.idempotent);
  }

  async #store(client: PoolClient, state: GroupState, added: readonly (string | null)[] | undefined): Promise<void> {
    await client.query(
      `INSERT INTO ${this.tables.groups} AS g (name, event_types, idempotent) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET idempotent = EXCLUDED.idempotent, updated_at = now(),
         event_types = ARRAY(SELECT DISTINCT t FROM unnest(g.event_types || EXCLUDED.event_types) AS t ORDER BY t)`,
      [state.group, [...state.eventTypes].sort(), state.idempotent]);
    if (!added) return;
    const types = added.filter((t): t is string => t !== null);
    await client.query(
      `INSERT INTO ${this.tables.deliveries} (group_name, seq)
       SELECT $1, e.seq FROM ${this.tables.events} e
       WHERE e.target_group IS NULL AND (e.event_type = ANY($2) OR ($3 AND e.event_type IS NULL))
       ON CONFLICT DO NOTHING`,
      [state.group, types, added.includes(null)]);
  }
}

/** One state per group: the union of the types of every subscription naming it. */
function merge(subscriptions: readonly Subscription[]): GroupState[] {
  const byGroup = new Map<string, { types: Set<string>; idempotent: boolean }>();
  for (const s of subscriptions) {
    const entry = byGroup.get(s.group) ?? { types: new Set<string>(), idempotent: false };
    for (const type of s.eventTypes) entry.types.add(type);
    entry.idempotent ||= s.idempotent === true;
    byGroup.set(s.group, entry);
  }
  return [...byGroup].map(([group, { types, idempotent }]) => ({ group, eventTypes: types, idempotent }));
}

function sameState(a: GroupState | undefined, b: GroupState): boolean {
  return a !== undefined && a.idempotent === b.idempotent && a.eventTypes.size === b.eventTypes.size && [...b.eventTypes].every((t) => a.eventTypes.has(t));
}

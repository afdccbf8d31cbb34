import { ConfigurationError } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { PostgresTables } from '../schema/postgres-tables';

/**
 * The forwarder's group in the `groups` table: a group with no types of its own and `all_types`
 * set, so the `forward_out` trigger gives it a delivery of every event (migration 3).
 */
export class ForwarderGroup {
  constructor(private readonly db: Database, private readonly tables: PostgresTables, readonly name: string) {}

  /**
   * Creates the group on first use, with a delivery of every event still retained (those stored
   * before any forwarder ran are forwarded too), under the lock on `events` the backend takes for a
   * new group: it waits for transactions writing events and keeps new ones out meanwhile, so no
   * event is missed or given two deliveries. Idempotent, and one cheap query once the group exists.
   */
  async register(): Promise<void> {
    const { groups, events, deliveries } = this.tables;
    const existing = await this.db.query('register the forwarder group', `SELECT 1 FROM ${groups} WHERE name = $1 AND all_types`, [this.name]);
    if (existing.length > 0) return;
    await this.db.transaction('register the forwarder group', async (client) => {
      await client.query(`LOCK TABLE ${events} IN SHARE ROW EXCLUSIVE MODE`);
      const { rows } = await client.query<{ all_types: boolean }>(`SELECT all_types FROM ${groups} WHERE name = $1`, [this.name]);
      if (rows[0]?.all_types) return; // another forwarder registered it meanwhile
      if (rows[0]) throw new ConfigurationError('group', `'${this.name}' is the group of an organ, not a forwarder's: give the forwarder another group name`);
      await client.query(`INSERT INTO ${groups} (name, event_types, all_types) VALUES ($1, '{}', true)`, [this.name]);
      await client.query(`INSERT INTO ${deliveries} (group_name, seq)
        SELECT $1, e.seq FROM ${events} e WHERE e.target_group IS NULL OR e.target_group = $1`, [this.name]);
    });
  }

  /**
   * Hands back every delivery of the group that a consumer holds. Called by a forwarder that just
   * took the lease (so it is the only one active): whoever held them is gone, and waiting
   * `claimMinIdleMs` for their leases to run out would let newer events overtake them. Their token is
   * cleared (a claim takes rows whose lease ran out only one at a time, beside fresh ones, which would
   * break the order), so the next claim takes them with the newer rows, in `seq` order; their attempt
   * is kept, so they count as `redelivered`.
   */
  async reclaimOrphans(): Promise<number> {
    const rows = await this.db.query('reclaim the forwarder\'s deliveries', `UPDATE ${this.tables.deliveries}
      SET visible_at = now(), token = NULL, consumer = NULL
      WHERE group_name = $1 AND token IS NOT NULL RETURNING 1`, [this.name]);
    return rows.length;
  }
}

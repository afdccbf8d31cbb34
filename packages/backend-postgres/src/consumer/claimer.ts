import type { Delivery, Logger } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { MetricsCounter } from '../metrics';
import type { PostgresTables } from '../schema/postgres-tables';
import type { GroupRegistry } from './group-registry';
import { matchRows, rowKeys, type Held, type HeldDeliveries } from './held';
import { deliveryIdOf, toDelivery, type ClaimedRow } from './row-codec';

/** Everything the claimer works with, owned by the backend. */
export interface ClaimerDeps {
  readonly db: Database;
  readonly tables: PostgresTables;
  readonly groups: GroupRegistry;
  readonly held: HeldDeliveries;
  readonly metrics: MetricsCounter;
  readonly logger: Logger;
  readonly consumerName: string;
  readonly claimMinIdleMs: number;
  /** How often, at most, a claim also looks for a delivery whose lease ran out (when it found none the last time). */
  readonly recoveryIntervalMs: number;
}

/**
 * Claims up to `max` visible deliveries of the subscribed groups in one statement (the schema's
 * `claim` function, see migrations.ts): per group, the oldest fresh rows (no token: new, nacked,
 * released) whose `visible_at` has come, `FOR UPDATE SKIP LOCKED` so that concurrent consumers never
 * wait for nor take the same row; then the oldest `max` of them overall get a new token, this
 * consumer's name, one more attempt and a lease of `claimMinIdleMs`.
 *
 * A row whose lease ran out (its consumer went silent: killed, stalled, cut off) is taken over
 * **one at a time**: the claim looks for one only while this consumer holds no other taken-over
 * delivery, and then at most every `recoveryIntervalMs` — unless the last look found one, in which
 * case it looks again as soon as that one is settled (`onRecoveredSettled` wakes the waiting pull).
 * A dead worker's whole batch thus never comes back together: only a poison event that kills its
 * worker reaches `maxDeliveries`, not the events held with it.
 */
export class Claimer {
  readonly #claimSql: string;
  readonly #claimName: string;
  readonly #skipSql: string;
  #recoveryDueAt = 0;

  constructor(private readonly deps: ClaimerDeps) {
    const { deliveries, claim } = deps.tables;
    this.#claimSql = `SELECT * FROM ${claim}($1::text[], $2::int, $3::text, $4::float8, $5::text[], $6::boolean)`;
    this.#claimName = deps.tables.statement('claim');
    // Deliveries an idempotent group completed already: acked unhandled.
    const rows = matchRows(1);
    this.#skipSql = `DELETE FROM ${deliveries} d USING ${rows.using} WHERE ${rows.where}`;
  }

  /** Claims and decodes; `claimed` counts the rows claimed, skipped ones included. */
  async claim(max: number): Promise<{ deliveries: Delivery[]; claimed: number }> {
    const { groups, consumerName, claimMinIdleMs } = this.deps;
    const idempotent = groups.list().filter((g) => g.idempotent).map((g) => g.group);
    const recover = !this.deps.held.holdsRecovered() && Date.now() >= this.#recoveryDueAt;
    const rows = await this.deps.db.prepared<ClaimedRow>('pull', this.#claimName, this.#claimSql, [groups.names(), max, consumerName, claimMinIdleMs, idempotent, recover]);
    // Found one: the next is looked for once it is settled. Found none: not before the interval.
    if (recover) this.#recoveryDueAt = rows.some((r) => r.recovered) ? 0 : Date.now() + this.deps.recoveryIntervalMs;
    if (rows.length === 0) return { deliveries: [], claimed: 0 };
    rows.sort((a, b) => compareSeq(a.seq, b.seq));
    const fresh = rows.filter((r) => !r.done);
    await this.#skip(rows.filter((r) => r.done));
    const deliveries = fresh.map(toDelivery);
    for (const row of fresh) this.deps.held.add(heldOf(row));
    this.#count(fresh);
    return { deliveries, claimed: rows.length };
  }

  async #skip(done: readonly ClaimedRow[]): Promise<void> {
    if (done.length === 0) return;
    await this.deps.db.query('pull (idempotency skip)', this.#skipSql, rowKeys(done.map(heldOf)));
    this.deps.metrics.eventsSkipped += done.length;
  }

  #count(rows: readonly ClaimedRow[]): void {
    this.deps.metrics.eventsPulled += rows.length;
    const recovered = rows.filter((r) => r.recovered).length;
    if (recovered === 0) return;
    this.deps.metrics.pendingRecovered += recovered;
    this.deps.logger.info('Took over deliveries whose lease ran out', { count: recovered });
  }
}

function heldOf(row: ClaimedRow): Held {
  return { deliveryId: deliveryIdOf(row.seq, row.token), group: row.group_name, seq: row.seq, token: row.token, recovered: row.recovered };
}

/** Orders decimal `seq` strings numerically (bigint values). */
function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

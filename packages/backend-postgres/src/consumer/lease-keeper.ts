import type { Logger } from '@necrostack/core';
import type { Database } from '../connection/database';
import { sanitize } from '../connection/translate-error';
import type { PostgresTables } from '../schema/postgres-tables';
import { ASYNC_COMMIT } from './async-commit';
import { matchRows, rowKeys, type HeldDeliveries } from './held';

/**
 * Keeps this consumer's leases alive: every `claimMinIdleMs / 3` one UPDATE pushes the
 * `visible_at` of every delivery it holds `claimMinIdleMs` ahead (matching the claim's token), so
 * a slow but live handler is never robbed. A row it no longer finds was taken over by another
 * consumer after this one went silent too long: it is dropped from this one.
 */
export class LeaseKeeper {
  readonly #intervalMs: number;
  readonly #sql: string;
  readonly #name: string;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    tables: PostgresTables,
    private readonly held: HeldDeliveries,
    private readonly claimMinIdleMs: number,
    private readonly logger: Logger,
  ) {
    this.#intervalMs = Math.max(10, Math.floor(claimMinIdleMs / 3));
    this.#name = tables.statement('renew');
    // Committed without waiting for the WAL flush (see ASYNC_COMMIT): a renewal lost in a crash
    // is made again within a third of the lease.
    const rows = matchRows(1);
    this.#sql = `WITH renewed AS (
        UPDATE ${tables.deliveries} d SET visible_at = now() + $4::float8 * interval '1 millisecond'
        FROM ${rows.using} WHERE ${rows.where}
        RETURNING d.group_name AS g, d.seq::text AS seq
      )
      SELECT g, seq FROM renewed, (SELECT ${ASYNC_COMMIT}) AS commit_mode`;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => { this.#ticking ??= this.tick().finally(() => { this.#ticking = undefined; }); }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
  }

  /** One renewal statement for everything held. */
  async tick(): Promise<void> {
    const held = this.held.values();
    if (held.length === 0) return;
    try {
      const rows = await this.db.prepared<{ g: string; seq: string }>('lease renewal', this.#name, this.#sql, [...rowKeys(held), this.claimMinIdleMs]);
      const kept = new Set(rows.map((r) => `${r.g}\n${r.seq}`));
      const lost = held.filter((h) => !kept.has(`${h.group}\n${h.seq}`) && this.held.has(h.group, h.deliveryId));
      for (const h of lost) this.held.delete(h.group, h.deliveryId);
      if (lost.length > 0) this.logger.warn('Held deliveries were taken over by another consumer', { count: lost.length });
    } catch (error) {
      this.logger.warn('Could not renew the leases of held deliveries', { count: held.length, error: sanitize(error) });
    }
  }
}

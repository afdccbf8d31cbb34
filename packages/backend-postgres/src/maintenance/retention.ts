import type { Logger } from '@necrostack/core';
import type { Database } from '../connection/database';
import { sanitize } from '../connection/translate-error';
import type { PostgresTables } from '../schema/postgres-tables';

/**
 * What one retention round deleted.
 * @example
 * ```ts
 * const { eventsDeleted, completionsDeleted } = await backend.maintain();
 * ```
 */
export interface MaintenanceReport {
  /** Events every group had settled, older than `retention.handledMs`. */
  readonly eventsDeleted: number;
  /** Completions of idempotent groups older than `idempotencyTtlMs`. */
  readonly completionsDeleted: number;
  /** Saga instances whose time to live (after completion) ran out. */
  readonly sagasDeleted: number;
}

/** Settings of the retention policy. */
export interface RetentionSettings {
  readonly intervalMs: number;
  readonly handledMs: number;
  readonly batchSize: number;
  readonly idempotencyTtlMs: number;
}

/** Batches per table and round: a round ends even under a write rate it cannot keep up with. */
const MAX_BATCHES = 100;

/**
 * The retention policy: an event is deleted once no group has a delivery of it left and it was
 * enqueued more than `handledMs` ago; completions expire after `idempotencyTtlMs`; saga instances
 * once their `expires_at` passed (completed ones, `completedRetentionMs` after completion). Deletes go in
 * batches of `batchSize` rows (short transactions, so autovacuum reclaims the space as it goes).
 * Pending events are never deleted. A worker runs it every `intervalMs` from its pulls.
 */
export class Retention {
  readonly #eventsSql: string;
  readonly #completionsSql: string;
  readonly #sagasSql: string;
  #lastRunAt = Date.now();
  #running: Promise<unknown> | undefined;

  constructor(private readonly db: Database, tables: PostgresTables, private readonly settings: RetentionSettings, private readonly logger: Logger) {
    this.#eventsSql = `DELETE FROM ${tables.events} WHERE seq IN (
      SELECT e.seq FROM ${tables.events} e
      WHERE e.enqueued_at < now() - $1::float8 * interval '1 millisecond'
        AND NOT EXISTS (SELECT 1 FROM ${tables.deliveries} d WHERE d.seq = e.seq)
      ORDER BY e.enqueued_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;
    this.#completionsSql = `DELETE FROM ${tables.completions} WHERE ctid IN (
      SELECT ctid FROM ${tables.completions} WHERE completed_at < now() - $1::float8 * interval '1 millisecond' LIMIT $2)`;
    this.#sagasSql = `DELETE FROM ${tables.sagas} WHERE ctid IN (
      SELECT ctid FROM ${tables.sagas} WHERE expires_at < now() - $1::float8 * interval '1 millisecond' LIMIT $2)`;
  }

  /** Starts a round in the background when `intervalMs` has passed since the last one. */
  maybeRun(): void {
    const { intervalMs } = this.settings;
    if (intervalMs === 0 || this.#running || Date.now() - this.#lastRunAt < intervalMs) return;
    this.#running = this.run()
      .catch((error: unknown) => this.logger.warn('Retention round failed', { error: sanitize(error) }))
      .finally(() => { this.#running = undefined; });
  }

  /** Resolves once no round is running. */
  async idle(): Promise<void> {
    await this.#running;
  }

  async run(): Promise<MaintenanceReport> {
    this.#lastRunAt = Date.now();
    const eventsDeleted = await this.#deleteAll('retention (events)', this.#eventsSql, this.settings.handledMs);
    const completionsDeleted = await this.#deleteAll('retention (completions)', this.#completionsSql, this.settings.idempotencyTtlMs);
    const sagasDeleted = await this.#deleteAll('retention (sagas)', this.#sagasSql, 0);
    if (eventsDeleted + completionsDeleted + sagasDeleted > 0) this.logger.debug('Retention round', { eventsDeleted, completionsDeleted, sagasDeleted });
    return { eventsDeleted, completionsDeleted, sagasDeleted };
  }

  async #deleteAll(action: string, sql: string, ageMs: number): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rowCount = await this.db.execute(action, sql, [ageMs, this.settings.batchSize]);
      total += rowCount;
      if (rowCount < this.settings.batchSize) break;
    }
    return total;
  }
}

import type { Delivery, Settlement } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { MetricsCounter } from '../metrics';
import { literal, type PostgresTables } from '../schema/postgres-tables';
import { ASYNC_COMMIT } from './async-commit';
import { DeadLetterWriter } from './dead-letter-writer';
import type { GroupRegistry } from './group-registry';
import { matchRows, rowKeys, type Held, type HeldDeliveries } from './held';
import { parseDeliveryId } from './row-codec';

/** Everything the settler works with, owned by the backend. */
export interface SettlerDeps {
  readonly db: Database;
  readonly tables: PostgresTables;
  readonly groups: GroupRegistry;
  readonly held: HeldDeliveries;
  readonly metrics: MetricsCounter;
  /** Wakes this consumer's waiting pull: a nacked row is ready again, with no notification. */
  readonly wake: () => void;
}

/**
 * Implements `settle` in at most two statements (one round trip each): the acks, nacks and
 * releases together as data-modifying CTEs, a prepared statement committed without waiting for the
 * WAL flush (see ASYNC_COMMIT), and the dead letters with the deletes of the deliveries they settle
 * (durably). Prepared, it runs on a generic plan, which looks its rows up by primary key: planned for
 * each batch's arrays (100 rows) on a young table without statistics, PostgreSQL would hash them and
 * scan the whole backlog instead, for every batch. Every row is found by group,
 * `seq` and the claim's token, so a second settle of a delivery, or one taken over by another
 * consumer meanwhile, changes nothing.
 *
 * - ack: the delivery row is deleted (an idempotent group records the event id in `completions`);
 * - nack: visible again at once, its attempt kept (the next claim adds 1);
 * - release: visible again at once, its attempt given back (the next claim counts none).
 */
export class Settler {
  readonly #sql: string;
  readonly #name: string;
  readonly #letters: DeadLetterWriter;

  constructor(private readonly deps: SettlerDeps) {
    const { deliveries, events, completions, channel } = deps.tables;
    const [acks, nacks, releases] = [matchRows(1), matchRows(4), matchRows(7)];
    this.#sql = `
      WITH acked AS (DELETE FROM ${deliveries} d USING ${acks.using} WHERE ${acks.where} RETURNING d.group_name, d.seq),
      completed AS (
        INSERT INTO ${completions} (group_name, event_id)
        SELECT DISTINCT a.group_name, e.id FROM acked a JOIN ${events} e ON e.seq = a.seq
        WHERE a.group_name = ANY($10::text[]) AND e.id IS NOT NULL
        ON CONFLICT (group_name, event_id) DO UPDATE SET completed_at = now()
      ),
      nacked AS (UPDATE ${deliveries} d SET token = NULL, consumer = NULL, visible_at = now()
        FROM ${nacks.using} WHERE ${nacks.where} RETURNING 1),
      released AS (UPDATE ${deliveries} d SET token = NULL, consumer = NULL, visible_at = now(), attempt = greatest(d.attempt - 1, 0)
        FROM ${releases.using} WHERE ${releases.where} RETURNING 1)
      SELECT (SELECT count(*) FROM acked)::int AS acked,
        CASE WHEN EXISTS (SELECT 1 FROM released) THEN pg_notify(${literal(channel)}, '') END AS notified, ${ASYNC_COMMIT} AS commit_mode`;
    this.#name = deps.tables.statement('settle');
    this.#letters = new DeadLetterWriter(deps.db, deps.tables);
  }

  async settle({ acks, nacks, releases, deadLetters }: Settlement): Promise<void> {
    if (acks.length + nacks.length + releases.length > 0) {
      const idempotent = this.deps.groups.list().filter((g) => g.idempotent).map((g) => g.group);
      const [row] = await this.deps.db.prepared<{ acked: number }>('settle', this.#name, this.#sql, [
        ...rowKeys(this.#take(acks)), ...rowKeys(this.#take(nacks)), ...rowKeys(this.#take(releases)), idempotent,
      ]);
      this.deps.metrics.eventsAcked += row?.acked ?? 0;
      this.deps.metrics.eventsFailed += nacks.length;
      if (nacks.length > 0) this.deps.wake();
    }
    if (deadLetters.length > 0) {
      for (const letter of deadLetters) {
        const settled = letter.delivery ?? letter.source;
        if (settled) this.#take([settled]);
      }
      this.deps.metrics.eventsFailed += await this.#letters.write(deadLetters);
    }
  }

  /** The rows of these deliveries; each is no longer held (its lease is not renewed any more). */
  #take(deliveries: readonly Delivery[]): Held[] {
    return deliveries.flatMap((delivery) => {
      this.deps.held.delete(delivery.group, delivery.deliveryId);
      const parsed = parseDeliveryId(delivery.deliveryId);
      return parsed ? [{ deliveryId: delivery.deliveryId, group: delivery.group, ...parsed }] : [];
    });
  }
}

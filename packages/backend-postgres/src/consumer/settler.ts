import type { Delivery, Settlement } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { MetricsCounter } from '../metrics';
import { literal, type PostgresTables } from '../schema/postgres-tables';
import { ASYNC_COMMIT } from './async-commit';
import { DeadLetterWriter } from './dead-letter-writer';
import type { GroupRegistry } from './group-registry';
import { rowKeys, type Held, type HeldDeliveries } from './held';
import { parseDeliveryId } from './row-codec';

/** Everything the settler works with, owned by the backend. */
export interface SettlerDeps {
  readonly db: Database;
  readonly tables: PostgresTables;
  readonly groups: GroupRegistry;
  readonly held: HeldDeliveries;
  readonly metrics: MetricsCounter;
}

/**
 * Implements `settle` in at most two statements (one round trip each): the acks, nacks and
 * releases together as data-modifying CTEs (committed without waiting for the WAL flush, see
 * ASYNC_COMMIT), and the dead letters with the deletes of the deliveries they settle (durably). Every row is found by group, `seq` and the claim's token, so a second
 * settle of a delivery, or one taken over by another consumer meanwhile, changes nothing.
 *
 * - ack: the delivery row is deleted (an idempotent group records the event id in `completions`);
 * - nack: visible again at once, its attempt kept (the next claim adds 1);
 * - release: visible again at once, its attempt given back (the next claim counts none).
 */
export class Settler {
  readonly #sql: string;
  readonly #letters: DeadLetterWriter;

  constructor(private readonly deps: SettlerDeps) {
    const { deliveries, events, completions, channel } = deps.tables;
    const rows = (from: number) => `unnest($${from}::text[], $${from + 1}::bigint[], $${from + 2}::bigint[]) AS x(g, seq, token)`;
    const match = 'd.group_name = x.g AND d.seq = x.seq AND d.token = x.token';
    this.#sql = `
      WITH acked AS (DELETE FROM ${deliveries} d USING ${rows(1)} WHERE ${match} RETURNING d.group_name, d.seq),
      completed AS (
        INSERT INTO ${completions} (group_name, event_id)
        SELECT DISTINCT a.group_name, e.id FROM acked a JOIN ${events} e ON e.seq = a.seq
        WHERE a.group_name = ANY($10::text[]) AND e.id IS NOT NULL
        ON CONFLICT (group_name, event_id) DO UPDATE SET completed_at = now()
      ),
      nacked AS (UPDATE ${deliveries} d SET token = NULL, consumer = NULL, visible_at = now()
        FROM ${rows(4)} WHERE ${match} RETURNING 1),
      released AS (UPDATE ${deliveries} d SET token = NULL, consumer = NULL, visible_at = now(), attempt = greatest(d.attempt - 1, 0)
        FROM ${rows(7)} WHERE ${match} RETURNING 1)
      SELECT (SELECT count(*) FROM acked)::int AS acked,
        CASE WHEN EXISTS (SELECT 1 FROM released) THEN pg_notify(${literal(channel)}, '') END AS notified, ${ASYNC_COMMIT} AS commit_mode`;
    this.#letters = new DeadLetterWriter(deps.db, deps.tables);
  }

  async settle({ acks, nacks, releases, deadLetters }: Settlement): Promise<void> {
    if (acks.length + nacks.length + releases.length > 0) {
      const idempotent = this.deps.groups.list().filter((g) => g.idempotent).map((g) => g.group);
      const [row] = await this.deps.db.query<{ acked: number }>('settle', this.#sql, [
        ...rowKeys(this.#take(acks)), ...rowKeys(this.#take(nacks)), ...rowKeys(this.#take(releases)), idempotent,
      ]);
      this.deps.metrics.eventsAcked += row?.acked ?? 0;
      this.deps.metrics.eventsFailed += nacks.length;
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

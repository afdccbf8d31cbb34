import { Event, type DeadLetter, type Delivery } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { PostgresTables } from '../schema/postgres-tables';
import { parseDeliveryId } from './row-codec';

/** The columns of the dead letters of one settle, one array each. */
interface LetterColumns {
  /** Index (into the settled deliveries) of the delivery the letter settles, or null. */
  readonly settles: (number | null)[];
  readonly eventIds: (string | null)[];
  readonly groups: (string | null)[];
  readonly organs: (string | null)[];
  readonly bodies: string[];
  readonly metas: (string | null)[];
  readonly names: string[];
  readonly codes: (string | null)[];
  readonly messages: string[];
  readonly attempts: number[];
}

/**
 * Writes dead letters in one statement, atomically with the deletes of the deliveries they settle
 * (their own, or the source whose emitted events they are). A letter whose delivery is no longer
 * this consumer's to settle (settled already, or taken over) is not written: the delivery's owner
 * settles it. Letters of events never stored and settling nothing are always written.
 */
export class DeadLetterWriter {
  readonly #sql: string;

  constructor(private readonly db: Database, tables: PostgresTables) {
    this.#sql = `
      WITH settled AS (
        DELETE FROM ${tables.deliveries} d
        USING unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[]) AS x(i, g, seq, token)
        WHERE d.seq = ANY ($3::bigint[]) AND d.group_name = x.g AND d.seq = x.seq AND d.token = x.token
        RETURNING x.i
      )
      INSERT INTO ${tables.deadLetters} (event_id, group_name, organ, body, meta, error_name, error_code, error_message, attempts)
      SELECT l.event_id, l.group_name, l.organ, l.body, l.meta, l.error_name, l.error_code, l.error_message, l.attempts
      FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[])
        WITH ORDINALITY AS l(settles, event_id, group_name, organ, body, meta, error_name, error_code, error_message, attempts, n)
      WHERE l.settles IS NULL OR l.settles IN (SELECT i FROM settled)
      ORDER BY l.n
      RETURNING id`;
  }

  /** Resolves with how many dead letters were written. */
  async write(letters: readonly DeadLetter[]): Promise<number> {
    const settled: Delivery[] = [];
    const columns: LetterColumns = {
      settles: [], eventIds: [], groups: [], organs: [], bodies: [], metas: [], names: [], codes: [], messages: [], attempts: [],
    };
    for (const letter of letters) {
      const delivery = letter.delivery ?? letter.source;
      let index: number | null = null;
      if (delivery) {
        index = settled.indexOf(delivery);
        if (index < 0) index = settled.push(delivery) - 1;
      }
      push(columns, letter, index);
    }
    const keys = settled.map((d, i) => ({ i, group: d.group, ...(parseDeliveryId(d.deliveryId) ?? { seq: '0', token: '0' }) }));
    const rows = await this.db.query('dead-letter', this.#sql, [
      keys.map((k) => k.i), keys.map((k) => k.group), keys.map((k) => k.seq), keys.map((k) => k.token),
      columns.settles, columns.eventIds, columns.groups, columns.organs, columns.bodies, columns.metas,
      columns.names, columns.codes, columns.messages, columns.attempts,
    ]);
    return rows.length;
  }
}

function push(columns: LetterColumns, letter: DeadLetter, settles: number | null): void {
  const event = typeof letter.event === 'string' ? undefined : letter.event;
  const parts = event ? Event.encodeParts(event) : { event: letter.event as string, meta: undefined };
  columns.settles.push(settles);
  columns.eventIds.push(event?.id ?? null);
  columns.groups.push(letter.delivery?.group ?? null);
  columns.organs.push(letter.organ ?? null);
  columns.bodies.push(parts.event);
  columns.metas.push(parts.meta ?? null);
  columns.names.push(letter.error.name);
  columns.codes.push(letter.error.code ?? null);
  columns.messages.push(letter.error.message);
  columns.attempts.push(letter.attempts);
}

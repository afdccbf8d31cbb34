import { Event, type DeadLetterQueue, type RefusedReplay, type ReplayReport, type FailedEvent, type ReplayFilter } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { PostgresTables } from '../schema/postgres-tables';

/** A row of `dead_letters`. */
interface LetterRow {
  readonly id: string;
  readonly group_name: string | null;
  readonly organ: string | null;
  readonly body: string;
  readonly meta: string | null;
  readonly error_name: string;
  readonly error_code: string | null;
  readonly error_message: string;
  readonly attempts: number;
  readonly failed_at: Date;
}

const ID = /^\d{1,18}$/;
const COLUMNS = 'id::text, group_name, organ, body, meta, error_name, error_code, error_message, attempts, failed_at';

/**
 * The `dead_letters` table as a {@link DeadLetterQueue}: durable, shared by every worker, readable
 * with `psql` (`SELECT id, organ, error_message FROM necrostack.dead_letters ORDER BY id`). The
 * same API as the Redis backend's dead-letter queue.
 *
 * `size` is synchronous, so it reports the count last seen: after every call of this queue.
 * Dead letters are kept until deleted, cleared or replayed (`droppedCount` stays 0).
 *
 * Replay enqueues the event again (its exact stored text) for the group that failed it only, as a
 * new delivery (attempt 1); an event that was never stored (no group) for every group of its type.
 * Each replayed dead letter is deleted in the same transaction. Rows that do not decode into an
 * event are never replayed: {@link replayWithReport} lists them.
 *
 * @example
 * ```ts
 * for (const letter of await backend.deadLetters.getAll()) console.log(letter.organ, letter.error.message);
 * await backend.deadLetters.replay({ organ: 'SendEmail' });
 * ```
 */
export class PostgresDeadLetterQueue implements DeadLetterQueue {
  #size = 0;

  constructor(private readonly db: Database, private readonly tables: PostgresTables, private readonly ready: () => Promise<void>) {}

  get size(): number {
    return this.#size;
  }

  /** Always 0: dead letters are never evicted. */
  get droppedCount(): number {
    return 0;
  }

  /** Every dead letter, oldest first. */
  async getAll(): Promise<FailedEvent[]> {
    await this.ready();
    const rows = await this.db.query<LetterRow>('read dead letters', `SELECT ${COLUMNS} FROM ${this.tables.deadLetters} ORDER BY id`);
    this.#size = rows.length;
    return rows.map(toFailedEvent);
  }

  /** Deletes every dead letter. */
  async clear(): Promise<void> {
    await this.ready();
    await this.db.execute('clear dead letters', `DELETE FROM ${this.tables.deadLetters}`);
    this.#size = 0;
  }

  /** Deletes exactly these dead letters; resolves with how many were deleted (ids gone already do not count). */
  async delete(ids: readonly string[]): Promise<number> {
    await this.ready();
    const deleted = await this.db.execute('delete dead letters', `DELETE FROM ${this.tables.deadLetters} WHERE id = ANY($1::bigint[])`,
      [ids.filter((id) => ID.test(id))]);
    await this.refresh();
    return deleted;
  }

  /** Reads the exact `size` from PostgreSQL. */
  async refresh(): Promise<{ size: number; droppedCount: number }> {
    await this.ready();
    const [row] = await this.db.query<{ n: number }>('count dead letters', `SELECT count(*)::int AS n FROM ${this.tables.deadLetters}`);
    this.#size = row?.n ?? 0;
    return { size: this.#size, droppedCount: 0 };
  }

  /** Replays the matching dead letters (all, one organ's, or one by id); resolves with how many were replayed. */
  async replay(filter: ReplayFilter = {}): Promise<number> {
    return (await this.replayWithReport(filter)).replayed;
  }

  /** Like {@link replay}, and lists the matching dead letters it refused (not decodable into an event), with the reason. */
  async replayWithReport(filter: ReplayFilter = {}): Promise<ReplayReport> {
    if (filter.id !== undefined && !ID.test(filter.id)) return { replayed: 0, refused: [] };
    await this.ready();
    const report = await this.db.transaction('replay dead letters', async (client) => {
      const { rows } = await client.query<LetterRow>(
        `SELECT ${COLUMNS} FROM ${this.tables.deadLetters}
         WHERE ($1::bigint IS NULL OR id = $1::bigint) AND ($2::text IS NULL OR organ = $2::text)
         ORDER BY id FOR UPDATE SKIP LOCKED`, [filter.id ?? null, filter.organ ?? null]);
      const refused: RefusedReplay[] = [];
      const replayable: { row: LetterRow; event: Event }[] = [];
      for (const row of rows) {
        const entry = toFailedEvent(row);
        if (entry.event) replayable.push({ row, event: entry.event });
        else refused.push({ id: row.id, organ: row.organ ?? undefined, reason: replayRefusal(entry) });
      }
      if (replayable.length > 0) {
        await client.query(
          `INSERT INTO ${this.tables.events} (id, event_type, body, meta, target_group)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
          [replayable.map((r) => r.event.id), replayable.map((r) => r.event.eventType), replayable.map((r) => r.row.body),
            replayable.map((r) => r.row.meta), replayable.map((r) => r.row.group_name)]);
        await client.query(`DELETE FROM ${this.tables.deadLetters} WHERE id = ANY($1::bigint[])`, [replayable.map((r) => r.row.id)]);
      }
      return { replayed: replayable.length, refused };
    });
    await this.refresh();
    return report;
  }
}

/**
 * Why a dead letter of this queue cannot be replayed (`event` is undefined): what `replayWithReport`
 * says of it.
 * @example
 * ```ts
 * for (const letter of await backend.deadLetters.getAll()) {
 *   if (!letter.event) console.log(letter.id, replayRefusal(letter));
 * }
 * ```
 */
export function replayRefusal(letter: FailedEvent): string {
  return letter.raw === '' ? 'its event row was gone when it failed: there is no text to replay' : 'its text does not decode into an event';
}

function toFailedEvent(row: LetterRow): FailedEvent {
  return {
    id: row.id,
    event: decode(row),
    raw: row.body,
    error: { name: row.error_name, ...(row.error_code === null ? {} : { code: row.error_code }), message: row.error_message },
    organ: row.organ ?? undefined,
    group: row.group_name ?? undefined,
    attempts: row.attempts,
    failedAt: row.failed_at,
  };
}

function decode(row: LetterRow): Event | undefined {
  try {
    return Event.fromParts(row.body, row.meta ?? undefined);
  } catch {
    return undefined;
  }
}

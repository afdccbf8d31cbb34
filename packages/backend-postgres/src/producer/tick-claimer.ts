import { Event } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { PostgresTables } from '../schema/postgres-tables';

/**
 * Implements `claimTick` in one statement: the upsert of the schedule's row moves `latest_tick`
 * forward only from an earlier tick (`ON CONFLICT … DO UPDATE … WHERE`, which waits for a
 * concurrent claim of the same schedule and then re-checks the row it wrote), and the tick's event
 * is inserted only when that row was written. However many workers claim one tick, its event is
 * stored once, and never for a tick earlier than the latest claimed.
 */
export class TickClaimer {
  readonly #sql: string;

  constructor(private readonly db: Database, tables: PostgresTables, private readonly consumerName: string) {
    this.#sql = `WITH claimed AS (
        INSERT INTO ${tables.schedules} AS s (name, latest_tick, claimed_by) VALUES ($1, $2, $3)
        ON CONFLICT (name) DO UPDATE SET latest_tick = excluded.latest_tick, claimed_by = excluded.claimed_by, claimed_at = now()
        WHERE s.latest_tick < excluded.latest_tick
        RETURNING 1
      )
      INSERT INTO ${tables.events} (id, event_type, body, meta) SELECT $4, $5, $6, $7 FROM claimed`;
  }

  /** @throws BackendUnavailableError when PostgreSQL cannot be reached (the tick stays unclaimed). */
  async claim(schedule: string, tickAt: number, event: Event<object>): Promise<boolean> {
    const { event: body, meta } = Event.encodeParts(event);
    const written = await this.db.execute('claimTick', this.#sql, [schedule, tickAt, this.consumerName, event.id, event.eventType, body, meta ?? null]);
    return written === 1;
  }
}

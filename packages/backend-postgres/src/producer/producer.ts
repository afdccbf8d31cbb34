import { Event, EventValidationError } from '@necrostack/core';
import type { Queryable } from '../connection/database';
import { toEnqueueError } from '../connection/translate-error';
import type { MetricsCounter } from '../metrics';
import type { PostgresTables } from '../schema/postgres-tables';

/** The columns of a batch of events, one array each (one `unnest` of them is one INSERT). */
interface Columns {
  readonly ids: string[];
  readonly types: string[];
  readonly bodies: string[];
  readonly metas: (string | null)[];
}

/** A batch split by due time: `now` goes to `events`, `later` (with its due times, ISO 8601) to `delayed`. */
interface Split {
  readonly ids: readonly string[];
  readonly now: Columns;
  readonly later: Columns & { readonly dueAt: string[] };
}

/**
 * Implements `enqueue`: the whole batch in one statement, so it is stored atomically, in order, in
 * one round trip. Events due now go to `events` (an INSERT … SELECT FROM unnest(…)), whose fan-out
 * trigger creates the deliveries and notifies the consumers, at commit; events whose `deliverAt`
 * is still ahead (by this process's clock) go to `delayed`, in the same statement, until a
 * promoter moves them (the `delayed` table's trigger tells the promoters). On a caller's client the statement joins the caller's transaction: the
 * events exist if and only if it commits.
 */
export class Producer {
  readonly #nowSql: string;
  readonly #laterSql: string;
  readonly #bothSql: string;

  constructor(tables: PostgresTables, private readonly metrics: MetricsCounter) {
    const now = `INSERT INTO ${tables.events} (id, event_type, body, meta)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`;
    const later = (from: number) => `INSERT INTO ${tables.delayed} (id, event_type, body, meta, deliver_at)
      SELECT * FROM unnest($${from}::text[], $${from + 1}::text[], $${from + 2}::text[], $${from + 3}::text[], $${from + 4}::timestamptz[])`;
    this.#nowSql = now;
    this.#laterSql = later(1);
    this.#bothSql = `WITH later AS (${later(5)}) ${now}`;
  }

  async enqueue(events: readonly Event<object>[], on: Queryable): Promise<void> {
    if (events.length === 0) return;
    const { ids, now, later } = split(events);
    const nowValues = [now.ids, now.types, now.bodies, now.metas];
    const laterValues = [later.ids, later.types, later.bodies, later.metas, later.dueAt];
    try {
      if (later.ids.length === 0) await on.query(this.#nowSql, nowValues);
      else if (now.ids.length === 0) await on.query(this.#laterSql, laterValues);
      else await on.query(this.#bothSql, [...nowValues, ...laterValues]);
    } catch (error) {
      throw toEnqueueError(ids, error);
    }
    this.metrics.eventsEnqueued += events.length;
  }
}

function emptyColumns(): Columns {
  return { ids: [], types: [], bodies: [], metas: [] };
}

/** The stored form of each event: its four original keys in `body`, lineage, headers and `deliver_at` in `meta`. */
function split(events: readonly Event<object>[]): Split {
  const ids: string[] = [];
  const now = emptyColumns();
  const later = { ...emptyColumns(), dueAt: [] as string[] };
  const clock = Date.now();
  for (const event of events) {
    if (!(event instanceof Event)) throw new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
    const { event: body, meta } = Event.encodeParts(event);
    const dueAt = event.deliverAt;
    const delayed = dueAt !== undefined && dueAt.getTime() > clock;
    const to = delayed ? later : now;
    ids.push(event.id);
    to.ids.push(event.id);
    to.types.push(event.eventType);
    to.bodies.push(body);
    to.metas.push(meta ?? null);
    if (delayed) later.dueAt.push(dueAt.toISOString());
  }
  return { ids, now, later };
}

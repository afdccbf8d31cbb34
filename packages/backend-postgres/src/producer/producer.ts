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

/**
 * Implements `enqueue`: the whole batch in one INSERT … SELECT FROM unnest(…), so it is stored
 * atomically, in order, in one round trip. The fan-out trigger creates the deliveries and
 * notifies the consumers, at commit. On a caller's client the statement joins the caller's
 * transaction: the events exist if and only if it commits.
 */
export class Producer {
  readonly #sql: string;

  constructor(tables: PostgresTables, private readonly metrics: MetricsCounter) {
    this.#sql = `INSERT INTO ${tables.events} (id, event_type, body, meta)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`;
  }

  async enqueue(events: readonly Event<object>[], on: Queryable): Promise<void> {
    if (events.length === 0) return;
    const { ids, types, bodies, metas } = columns(events);
    try {
      await on.query(this.#sql, [ids, types, bodies, metas]);
    } catch (error) {
      throw toEnqueueError(ids, error);
    }
    this.metrics.eventsEnqueued += events.length;
  }
}

/** The stored form of each event: its four original keys in `body`, lineage and headers in `meta`. */
function columns(events: readonly Event<object>[]): Columns {
  const out: Columns = { ids: [], types: [], bodies: [], metas: [] };
  for (const event of events) {
    if (!(event instanceof Event)) throw new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
    const { event: body, meta } = Event.encodeParts(event);
    out.ids.push(event.id);
    out.types.push(event.eventType);
    out.bodies.push(body);
    out.metas.push(meta ?? null);
  }
  return out;
}

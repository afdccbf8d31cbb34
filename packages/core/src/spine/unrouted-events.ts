import type { Event } from '../event/event';
import type { Logger } from '../logging/logger';
import type { Outcome } from './failure-policy';

const HELP = 'Check the event type for a typo, or add an organ with @ListensTo for it. If an organ in another ' +
  'process listens to it (a shared Redis stream), nothing is lost; on the in-memory backend nobody will read it.';

/**
 * Notices events of a type that no organ of this Spine listens to — the classic typo: they would be
 * stored and read by nobody. Counts them by type, warns once per type with the types that are known,
 * and logs every one at debug level.
 */
export class UnroutedEvents {
  private readonly known: ReadonlySet<string>;
  private readonly knownList: readonly string[];
  private readonly counts = new Map<string, number>();

  constructor(knownTypes: Iterable<string>, private readonly logger: Logger) {
    this.known = new Set(knownTypes);
    this.knownList = [...this.known].sort();
  }

  /** Notes the events given to `publish`. */
  published(events: readonly Event<object>[]): void {
    for (const event of events) if (!this.known.has(event.eventType)) this.note(event, 'published', undefined);
  }

  /** Notes the events the handlers of a settled batch returned. */
  emitted(outcomes: readonly Outcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.kind !== 'ack') continue;
      for (const { event, organ } of outcome.emitted) if (!this.known.has(event.eventType)) this.note(event, 'emitted', organ);
    }
  }

  /** Unrouted events so far, by event type. */
  snapshot(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.counts);
  }

  private note(event: Event<object>, source: 'published' | 'emitted', organ: string | undefined): void {
    const type = event.eventType;
    const count = (this.counts.get(type) ?? 0) + 1;
    this.counts.set(type, count);
    const where = organ === undefined ? { source } : { source, organ };
    if (count === 1) {
      this.logger.warn('No organ of this Spine listens to the event type', { event_type: type, ...where, known_types: this.knownList, help: HELP });
    }
    if (this.logger.isDebugEnabled()) this.logger.debug('Unrouted event', { event_type: type, event_id: event.id, ...where });
  }
}

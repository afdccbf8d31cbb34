/** Counters of a Spine since it was built. Read with `spine.getStats()`. */
export interface SpineStats {
  /** Deliveries settled: one per organ group per event (an event two organs handle counts twice). */
  readonly eventsProcessed: number;
  /** Events returned by handlers and enqueued. */
  readonly eventsEmitted: number;
  /** Events dead-lettered, for any reason. */
  readonly eventsDeadLettered: number;
  /** Handler retries within deliveries. */
  readonly handlerRetries: number;
  /** Emitted events that could not be enqueued, by event type. */
  readonly enqueueFailures: Readonly<Record<string, number>>;
  /** Deliveries whose handler finally failed, by organ name. */
  readonly handlerErrors: Readonly<Record<string, number>>;
  /** Failed pulls from the backend. */
  readonly backendErrors: number;
  /** Failed settlements (acks, nacks, dead-letter writes) with the backend. */
  readonly ackErrors: number;
  /** Events published or emitted with a type no organ of this Spine listens to, by event type. */
  readonly unroutedEvents: Readonly<Record<string, number>>;
}

/** The mutable counters behind {@link SpineStats}. */
export class StatsCounter {
  eventsProcessed = 0;
  eventsEmitted = 0;
  eventsDeadLettered = 0;
  handlerRetries = 0;
  backendErrors = 0;
  ackErrors = 0;
  readonly enqueueFailures = new Map<string, number>();
  readonly handlerErrors = new Map<string, number>();

  countEnqueueFailure(eventType: string): void {
    this.enqueueFailures.set(eventType, (this.enqueueFailures.get(eventType) ?? 0) + 1);
  }

  countHandlerError(organ: string): void {
    this.handlerErrors.set(organ, (this.handlerErrors.get(organ) ?? 0) + 1);
  }

  snapshot(): Omit<SpineStats, 'unroutedEvents'> {
    return {
      eventsProcessed: this.eventsProcessed,
      eventsEmitted: this.eventsEmitted,
      eventsDeadLettered: this.eventsDeadLettered,
      handlerRetries: this.handlerRetries,
      enqueueFailures: Object.fromEntries(this.enqueueFailures),
      handlerErrors: Object.fromEntries(this.handlerErrors),
      backendErrors: this.backendErrors,
      ackErrors: this.ackErrors,
    };
  }
}

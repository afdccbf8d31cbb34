/**
 * Counters of one RedisBackend instance since it was built (`backend.metrics`, a snapshot).
 * @example
 * ```ts
 * const { eventsAcked, eventsFailed, reconnections } = backend.metrics;
 * ```
 */
export interface RedisMetrics {
  /** Events stored by `enqueue` (a retry that found its batch stored already counts it once). */
  readonly eventsEnqueued: number;
  /**
   * Enqueue calls that found their batch stored already: retries of a batch whose reply never
   * came, which the `enqueue` script recognised and did not write again.
   */
  readonly duplicateEnqueues: number;
  /** Deliveries handed out by `pull` (new, redelivered and taken over). */
  readonly eventsPulled: number;
  /** Deliveries acknowledged by `settle`. */
  readonly eventsAcked: number;
  /** Deliveries nacked or dead-lettered, and events dead-lettered before they were stored. */
  readonly eventsFailed: number;
  /**
   * Entries a group read and acked without delivering them: events of types none of its organs
   * listen to (on the shared stream), and events an idempotent group had already completed.
   */
  readonly eventsSkipped: number;
  /** Successful reconnections after the connection to Redis was lost. */
  readonly reconnections: number;
  /** Deliveries taken over (XAUTOCLAIM) from consumers that went silent or let them go. */
  readonly pendingRecovered: number;
  /** Delayed events this worker moved from the delayed set into their streams once due. */
  readonly delayedMoved: number;
}

/** The mutable counters behind {@link RedisMetrics}. */
export class MetricsCounter implements RedisMetrics {
  eventsEnqueued = 0;
  duplicateEnqueues = 0;
  eventsPulled = 0;
  eventsAcked = 0;
  eventsFailed = 0;
  eventsSkipped = 0;
  reconnections = 0;
  pendingRecovered = 0;
  delayedMoved = 0;

  snapshot(): RedisMetrics {
    return {
      eventsEnqueued: this.eventsEnqueued,
      duplicateEnqueues: this.duplicateEnqueues,
      eventsPulled: this.eventsPulled,
      eventsAcked: this.eventsAcked,
      eventsFailed: this.eventsFailed,
      eventsSkipped: this.eventsSkipped,
      reconnections: this.reconnections,
      pendingRecovered: this.pendingRecovered,
      delayedMoved: this.delayedMoved,
    };
  }
}

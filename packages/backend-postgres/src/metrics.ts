/**
 * Counters of one PostgresBackend instance since it was built (`backend.metrics`, a snapshot).
 * @example
 * ```ts
 * const { eventsAcked, eventsFailed, pendingRecovered } = backend.metrics;
 * ```
 */
export interface PostgresMetrics {
  /** Events stored by `enqueue` (on the backend's pool or a caller's client). */
  readonly eventsEnqueued: number;
  /** Deliveries handed out by `pull` (new, redelivered and taken over). */
  readonly eventsPulled: number;
  /** Deliveries acknowledged by `settle`. */
  readonly eventsAcked: number;
  /** Deliveries nacked or dead-lettered, and events dead-lettered before they were stored. */
  readonly eventsFailed: number;
  /** Deliveries an idempotent group had already completed: acked without being handed out. */
  readonly eventsSkipped: number;
  /** Times the LISTEN connection was opened again after it was lost. */
  readonly reconnections: number;
  /** Deliveries taken over from consumers whose lease ran out (crashed, or cut off). */
  readonly pendingRecovered: number;
  /** Delayed events this worker moved from `delayed` into `events` once due. */
  readonly delayedMoved: number;
}

/** The mutable counters behind {@link PostgresMetrics}. */
export class MetricsCounter implements PostgresMetrics {
  eventsEnqueued = 0;
  eventsPulled = 0;
  eventsAcked = 0;
  eventsFailed = 0;
  eventsSkipped = 0;
  reconnections = 0;
  pendingRecovered = 0;
  delayedMoved = 0;

  snapshot(): PostgresMetrics {
    return { ...this };
  }
}

/** Where a forwarder is in its life. */
export type ForwarderState = 'idle' | 'standby' | 'active' | 'stopped';

/**
 * What a forwarder did since it was built (`forwarder.stats`, a snapshot).
 * @example
 * ```ts
 * const { state, forwarded, redelivered } = forwarder.stats;
 * console.log(`${state}: ${forwarded} forwarded, ${redelivered} of them maybe twice`);
 * ```
 */
export interface ForwarderStats {
  /** `standby` while another forwarder holds the lease, `active` while this one forwards. */
  readonly state: ForwarderState;
  /** Events published to the destination and acked (republished ones count again). */
  readonly forwarded: number;
  /** Successful `publisher.enqueue` calls. */
  readonly batches: number;
  /**
   * Deliveries claimed that had been claimed before (by a forwarder that crashed, lost its lease
   * or failed to ack): they may have reached the destination already, so they may arrive twice.
   */
  readonly redelivered: number;
  /** Failed `publisher.enqueue` calls (each retried). */
  readonly publishFailures: number;
  /** Rows that did not decode into an event: dead-lettered in PostgreSQL, never forwarded. */
  readonly deadLettered: number;
  /** Times this forwarder took the lease. */
  readonly activations: number;
}

/** The mutable counters behind {@link ForwarderStats}. */
export class ForwarderCounters implements ForwarderStats {
  state: ForwarderState = 'idle';
  forwarded = 0;
  batches = 0;
  redelivered = 0;
  publishFailures = 0;
  deadLettered = 0;
  activations = 0;

  snapshot(): ForwarderStats {
    return { ...this };
  }
}

import type { Delivery } from '@necrostack/core';
import type { InFlight } from './in-flight';

/** What a buffered delivery's turn is: hand it out, keep it for later (its key is busy), or drop it. */
export type Turn = 'take' | 'later' | 'drop';

// Busy marks of settled deliveries are swept once there are this many more marks than holdings.
const SWEEP_SLACK = 1_024;

/**
 * Per-key order within one consumer: a delivery is handed out only once no earlier delivery of the
 * same group and partition key is held here (handed out and not settled, or nacked and waiting to
 * be delivered again), so one key's deliveries are handled one at a time, in the order they were
 * read, while other keys run concurrently. A mark holds the delivery id of the key's delivery in
 * hand; it is free as soon as this consumer no longer holds that entry (acked, dead-lettered,
 * released, or taken over), so no settlement path needs to clear it. Across consumers, order comes
 * from partition ownership (see PartitionOwners): one consumer of a group reads a partition at a time.
 */
export class KeyOrder {
  /** `${redisGroup}\n${key}` → the delivery id of the key's delivery in hand. */
  readonly #busy = new Map<string, { readonly redisGroup: string; readonly deliveryId: string }>();
  #waiters: (() => void)[] = [];

  constructor(
    private readonly inFlight: InFlight,
    private readonly keyOf: ((delivery: Delivery) => string | undefined) | undefined,
  ) {}

  /** The turn of `delivery` of `redisGroup`, marking its key busy when it is taken. */
  turn(delivery: Delivery, redisGroup: string): Turn {
    if (!this.inFlight.has(redisGroup, delivery.deliveryId)) return 'drop'; // taken over meanwhile
    const key = this.keyOf?.(delivery);
    if (key === undefined) return 'take';
    const mark = `${redisGroup}\n${key}`;
    const busy = this.#busy.get(mark);
    if (busy && busy.deliveryId !== delivery.deliveryId && this.inFlight.has(redisGroup, busy.deliveryId)) return 'later';
    this.#busy.set(mark, { redisGroup, deliveryId: delivery.deliveryId });
    return 'take';
  }

  /** Deliveries were settled: keys may be free again. */
  settled(): void {
    if (this.#busy.size > this.inFlight.size + SWEEP_SLACK) this.#sweep();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next settlement, or after `ms`. */
  nextSettlement(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(wake, ms);
      function wake() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(wake);
    });
  }

  #sweep(): void {
    for (const [mark, { redisGroup, deliveryId }] of this.#busy) {
      if (!this.inFlight.has(redisGroup, deliveryId)) this.#busy.delete(mark);
    }
  }
}

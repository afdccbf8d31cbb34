/** How many settlements of batches that emitted nothing may be in flight at once. */
export const SETTLE_WINDOW = 4;

interface InFlight {
  /** Resolves with the error that must end the loop, if any (see Spine's settle). */
  readonly settled: Promise<unknown>;
  readonly emits: boolean;
}

/**
 * The settlements a Spine has in flight. A batch's settlement (enqueue what it emitted, then ack)
 * overlaps the next pulls and handlers. While batches emit nothing and settling succeeds, up to
 * {@link SETTLE_WINDOW} are in flight at once, so a worker is not held to one round trip per
 * batch. A batch that emitted events settles alone, after every settlement before it and before any
 * after it: emitted events are stored in batch order, and a failed enqueue ends the loop as soon as
 * it would without the window. After a failed settlement, batches settle one at a time until one
 * succeeds.
 *
 * @example
 * ```ts
 * const settlements = new SettlementWindow(() => breaker.failing('settle'));
 * const error = await settlements.room(emits); // the first error of the settlements it waited for
 * settlements.add(settle(batch), emits);
 * ```
 */
export class SettlementWindow {
  private readonly queue: InFlight[] = [];
  private emitting = 0;

  /** `failing`: whether the last settlement failed. */
  constructor(private readonly failing: () => boolean) {}

  /** Whether a settlement is in flight. */
  get busy(): boolean {
    return this.queue.length > 0;
  }

  /** Waits until a settlement that `emits` (or not) may start; resolves with the first error of those it waited for. */
  async room(emits: boolean): Promise<unknown> {
    let first: unknown;
    while (this.queue.length > 0 && (emits || this.emitting > 0 || this.queue.length >= SETTLE_WINDOW || this.failing())) {
      const error = await this.oldest();
      if (first === undefined) first = error;
    }
    return first;
  }

  add(settled: Promise<unknown>, emits: boolean): void {
    this.queue.push({ settled, emits });
    if (emits) this.emitting++;
  }

  /** Waits for every settlement in flight, oldest first; resolves with the first error. */
  async drain(): Promise<unknown> {
    let first: unknown;
    while (this.queue.length > 0) {
      const error = await this.oldest();
      if (first === undefined) first = error;
    }
    return first;
  }

  private oldest(): Promise<unknown> {
    const { settled, emits } = this.queue.shift() as InFlight;
    if (emits) this.emitting--;
    return settled;
  }
}

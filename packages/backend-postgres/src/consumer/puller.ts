import type { Delivery } from '@necrostack/core';
import type { Listener } from '../connection/listener';
import type { Claimer } from './claimer';
import type { GroupRegistry } from './group-registry';

/** A claim's outcome, as the read-ahead keeps it. */
interface Ahead {
  readonly deliveries: Delivery[];
  /** It claimed `max` rows: there may be more ready right now. */
  readonly full: boolean;
}

/**
 * Implements `pull`: claim; when nothing was ready and the caller waits, sleep until a
 * notification (the generation moved), `pollIntervalMs` (the fallback, which also finds leases
 * that ran out), the caller's deadline or close — then claim again.
 *
 * A waiting pull (a worker's `runForever`) claims only when there may be something new: a claim
 * that took fewer rows than it asked for saw everything committed before it started, so until a
 * notification (a commit of events, a release), a nudge of this consumer's own (a nack, a delivery
 * taken over settled) or the poll interval, another claim would find nothing — the pull waits
 * instead. A waiting pull whose claim was full starts the next claim at once (read-ahead), so it
 * travels while this batch is handled: a worker holds at most two batches, both leased and renewed.
 * `run()` (no wait) claims every time, exactly what it asks for, so nothing is left held when it stops.
 */
export class Puller {
  /** Claimed ahead, or the error the claim failed with (thrown by the next pull). */
  #ahead: Promise<Ahead | Error> | undefined;
  /** What a read-ahead brought beyond the `max` of the pull that took it. */
  #buffer: Delivery[] = [];
  /** The notification generation as of which the last claim saw every ready row; undefined: claim. */
  #caughtUpAt: number | undefined;

  constructor(
    private readonly claimer: Claimer,
    private readonly listener: Listener,
    private readonly groups: GroupRegistry,
    private readonly pollIntervalMs: number,
    private readonly isClosed: () => boolean,
  ) {}

  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    const ready = await this.#takeAhead(max);
    if (ready.deliveries.length > 0) return this.#readAhead(ready, max, waitMs);
    const deadline = Date.now() + waitMs;
    while (!this.isClosed() && this.groups.names().length > 0) {
      if (waitMs === 0 || this.#caughtUpAt !== this.listener.generation) {
        const claimed = await this.#claim(max);
        if (claimed.deliveries.length > 0) return this.#readAhead(claimed, max, waitMs);
        if (claimed.full) continue; // every row claimed was skipped as completed: there may be more
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      const seen = this.#caughtUpAt ?? this.listener.generation;
      await this.listener.wait(seen, Math.min(remaining, this.pollIntervalMs));
      // No notification: the poll interval (or the deadline) passed; the next look claims.
      if (this.listener.generation === seen) this.#caughtUpAt = undefined;
    }
    return [];
  }

  /** Resolves once no claim started ahead is in flight: `close()` then hands back all that is held. */
  async settled(): Promise<void> {
    await this.#ahead;
  }

  /** One claim, noting whether it saw everything ready (fewer rows than asked for). */
  async #claim(max: number): Promise<Ahead> {
    const seen = this.listener.generation;
    const { deliveries, claimed } = await this.claimer.claim(max);
    const full = claimed >= max;
    this.#caughtUpAt = full ? undefined : seen;
    return { deliveries, full };
  }

  async #takeAhead(max: number): Promise<Ahead> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    const claimed = ahead ? await ahead : { deliveries: [], full: false };
    if (claimed instanceof Error) throw claimed;
    this.#buffer.push(...claimed.deliveries);
    return { deliveries: this.#buffer.splice(0, max), full: claimed.full };
  }

  #readAhead(claimed: Ahead, max: number, waitMs: number): Delivery[] {
    if (waitMs > 0 && claimed.full && this.#buffer.length === 0 && !this.isClosed()) {
      this.#ahead = this.#claim(max).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    }
    return claimed.deliveries;
  }
}

import type { Delivery } from '@necrostack/core';
import type { Listener } from '../connection/listener';
import type { Claimer } from './claimer';
import type { GroupRegistry } from './group-registry';

/**
 * Implements `pull`: claim; when nothing was ready and the caller waits, sleep until a
 * notification (the generation moved), `pollIntervalMs` (the fallback, which also finds leases
 * that ran out), the caller's deadline or close — then claim again.
 *
 * A waiting pull (a worker's `runForever`) that returns deliveries starts the next claim at once
 * (read-ahead), so it travels while this batch is handled: a worker holds at most two batches, both
 * leased and renewed. `run()` (no wait) claims exactly what it asks for, so nothing is left held
 * when it stops.
 */
export class Puller {
  /** Claimed ahead, or the error the claim failed with (thrown by the next pull). */
  #ahead: Promise<Delivery[] | Error> | undefined;
  /** What a read-ahead brought beyond the `max` of the pull that took it. */
  #buffer: Delivery[] = [];

  constructor(
    private readonly claimer: Claimer,
    private readonly listener: Listener,
    private readonly groups: GroupRegistry,
    private readonly pollIntervalMs: number,
    private readonly isClosed: () => boolean,
  ) {}

  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    const ready = await this.#takeAhead(max);
    if (ready.length > 0) return this.#readAhead(ready, max, waitMs);
    const deadline = Date.now() + waitMs;
    while (!this.isClosed() && this.groups.names().length > 0) {
      const seen = this.listener.generation;
      const { deliveries, claimed } = await this.claimer.claim(max);
      if (deliveries.length > 0) return this.#readAhead(deliveries, max, waitMs);
      if (claimed > 0) continue; // every row claimed was skipped as completed: there may be more
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await this.listener.wait(seen, Math.min(remaining, this.pollIntervalMs));
    }
    return [];
  }

  /** Resolves once no claim started ahead is in flight: `close()` then hands back all that is held. */
  async settled(): Promise<void> {
    await this.#ahead;
  }

  async #takeAhead(max: number): Promise<Delivery[]> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    const claimed = ahead ? await ahead : [];
    if (claimed instanceof Error) throw claimed;
    this.#buffer.push(...claimed);
    return this.#buffer.splice(0, max);
  }

  #readAhead(deliveries: Delivery[], max: number, waitMs: number): Delivery[] {
    if (waitMs > 0 && this.#buffer.length === 0 && !this.isClosed()) {
      this.#ahead = this.claimer.claim(max).then(
        (r) => r.deliveries,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
    }
    return deliveries;
  }
}

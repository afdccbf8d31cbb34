import type { Delivery } from '@necrostack/core';
import type { Listener } from '../connection/listener';
import type { Claimer } from './claimer';
import type { GroupRegistry } from './group-registry';

/**
 * Implements `pull`: claim; when nothing was ready and the caller waits, sleep until a
 * notification (the generation moved), `pollIntervalMs` (the fallback, which also finds leases
 * that ran out), the caller's deadline or close — then claim again.
 */
export class Puller {
  constructor(
    private readonly claimer: Claimer,
    private readonly listener: Listener,
    private readonly groups: GroupRegistry,
    private readonly pollIntervalMs: number,
    private readonly isClosed: () => boolean,
  ) {}

  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    const deadline = Date.now() + waitMs;
    while (!this.isClosed() && this.groups.names().length > 0) {
      const seen = this.listener.generation;
      const { deliveries, claimed } = await this.claimer.claim(max);
      if (deliveries.length > 0) return deliveries;
      if (claimed > 0) continue; // every row claimed was skipped as completed: there may be more
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await this.listener.wait(seen, Math.min(remaining, this.pollIntervalMs));
    }
    return [];
  }
}

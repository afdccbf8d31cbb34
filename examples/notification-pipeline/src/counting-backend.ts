import type { Backend, DeadLetterQueue, Delivery, Event, Settlement, Subscription } from '@necrostack/core';

/**
 * Any backend, counting what it stores by event type: every event of a run passes through
 * `enqueue` (the input records and everything the organs emit), so this is the run's per-type
 * tally. Every other member is the inner backend's, unchanged; the counting works the same on
 * every backend.
 */
export class CountingBackend implements Backend {
  private readonly counts = new Map<string, number>();

  constructor(private readonly inner: Backend) {}

  async enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    const batch = (Array.isArray(events) ? events : [events]) as readonly Event<object>[];
    await this.inner.enqueue(batch);
    // Counted once stored: a batch the backend rejects stores nothing.
    for (const { eventType } of batch) this.counts.set(eventType, (this.counts.get(eventType) ?? 0) + 1);
  }

  subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    return this.inner.subscribe(subscriptions);
  }

  pull(max: number, waitMs: number): Promise<Delivery[]> {
    return this.inner.pull(max, waitMs);
  }

  settle(settlement: Settlement): Promise<void> {
    return this.inner.settle(settlement);
  }

  get deadLetters(): DeadLetterQueue {
    return this.inner.deadLetters;
  }

  get maxDeliveries(): number {
    return this.inner.maxDeliveries;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Events stored so far, by type. */
  countsByType(): ReadonlyMap<string, number> {
    return this.counts;
  }
}

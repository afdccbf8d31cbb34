import type { Event } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';

/**
 * The in-memory backend, counting what it stores by event type: every event of a run passes
 * through `enqueue` (the input records and everything the organs emit), so this is the run's
 * per-type tally.
 */
export class CountingBackend extends InMemoryBackend {
  private readonly counts = new Map<string, number>();

  override async enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    const batch = (Array.isArray(events) ? events : [events]) as readonly Event<object>[];
    await super.enqueue(batch);
    for (const { eventType } of batch) this.counts.set(eventType, (this.counts.get(eventType) ?? 0) + 1);
  }

  /** Events stored so far, by type. */
  countsByType(): ReadonlyMap<string, number> {
    return this.counts;
  }
}

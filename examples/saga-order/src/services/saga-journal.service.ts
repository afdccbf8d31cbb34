/**
 * Every saga event seen once (idempotent by event id), counted by type: the run's per-type tally.
 */
export class SagaJournal {
  private readonly seen = new Set<string>();
  private readonly counts = new Map<string, number>();

  record(eventId: string, eventType: string): void {
    if (this.seen.has(eventId)) return;
    this.seen.add(eventId);
    this.counts.set(eventType, (this.counts.get(eventType) ?? 0) + 1);
  }

  countsByType(): ReadonlyMap<string, number> {
    return this.counts;
  }
}

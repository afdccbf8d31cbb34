/** One line of the audit trail. */
export interface AuditRecord {
  readonly eventId: string;
  readonly eventType: string;
  /** The id of the chain's first event (the ORDER_SUBMITTED): ties the record to its input order. */
  readonly correlationId: string;
  readonly at: Date;
  /** One readable line, e.g. `Trade T000001: 50 AAPL @ 150.5`. */
  readonly summary: string;
  /** The event's payload, as it was. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * The compliance log, in memory: one record per event, in the order the AuditTrail saw them.
 * Idempotent by event id, so a redelivered event (at-least-once delivery) is recorded once.
 */
export class AuditLog {
  private readonly records = new Map<string, AuditRecord>();
  private readonly counts = new Map<string, number>();

  record(entry: AuditRecord): void {
    if (this.records.has(entry.eventId)) return;
    this.records.set(entry.eventId, entry);
    this.counts.set(entry.eventType, (this.counts.get(entry.eventType) ?? 0) + 1);
  }

  /** Every record, oldest first. */
  all(): AuditRecord[] {
    return [...this.records.values()];
  }

  /** Records per event type. */
  countsByType(): ReadonlyMap<string, number> {
    return this.counts;
  }
}

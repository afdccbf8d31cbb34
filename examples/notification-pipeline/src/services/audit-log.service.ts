import type { Channel } from '../events';

/** One line of the audit trail: what became of one notification on one channel. */
export interface AuditEntry {
  readonly eventId: string;
  /** The id of the chain's first event (the NOTIFICATION_REQUESTED): ties the entry to its input record. */
  readonly correlationId: string;
  readonly notificationId: string;
  readonly userId: string;
  readonly channel: Channel;
  readonly status: 'sent' | 'failed';
  /** The receipt id when sent, the reason when failed. */
  readonly detail: string;
  readonly at: Date;
}

/**
 * The audit trail, in memory. Recording is idempotent by event id, so a redelivered event
 * (at-least-once delivery) is not counted twice.
 */
export class AuditLog {
  private readonly entries = new Map<string, AuditEntry>();

  record(entry: AuditEntry): void {
    if (!this.entries.has(entry.eventId)) this.entries.set(entry.eventId, entry);
  }

  all(): AuditEntry[] {
    return [...this.entries.values()];
  }
}

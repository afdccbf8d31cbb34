import { Event, ListensTo, Organ } from '@necrostack/core';
import { FLOW_ORDER } from '../events';
import { AuditLog } from '../services/audit-log.service';
import { describeEvent } from './describe-event';

/**
 * The compliance trail: records every event of the flow, whatever the outcome, with one readable
 * line each. It has its own consumer group, so it sees a trade even when Settlement dead-letters it.
 */
@Organ()
@ListensTo(FLOW_ORDER)
export class AuditTrail {
  constructor(private readonly log: AuditLog) {}

  handle(event: Event): void {
    this.log.record({
      eventId: event.id,
      eventType: event.eventType,
      correlationId: event.correlationId ?? event.id,
      at: event.timestamp,
      summary: describeEvent(event),
      payload: event.payload as Readonly<Record<string, unknown>>,
    });
  }
}

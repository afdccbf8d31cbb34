import { Event, ListensTo, Organ } from '@necrostack/core';
import { NotificationFailedDto, NotificationSentDto } from '../dto/notification-outcome.dto';
import { NOTIFICATION_FAILED, NOTIFICATION_SENT } from '../events';
import { AuditLog } from '../services/audit-log.service';

/** Records every outcome (sent or failed, per channel) in the audit log: the end of the pipeline. */
@Organ()
export class Audit {
  constructor(private readonly log: AuditLog) {}

  @ListensTo(NOTIFICATION_SENT, { payload: NotificationSentDto })
  sent(event: Event<NotificationSentDto>): void {
    this.log.record({ ...this.ref(event), status: 'sent', detail: event.payload.receipt_id });
  }

  @ListensTo(NOTIFICATION_FAILED, { payload: NotificationFailedDto })
  failed(event: Event<NotificationFailedDto>): void {
    this.log.record({ ...this.ref(event), status: 'failed', detail: event.payload.reason });
  }

  private ref(event: Event<NotificationSentDto | NotificationFailedDto>) {
    const { notification_id, user_id, channel } = event.payload;
    return {
      eventId: event.id, correlationId: event.correlationId ?? event.id, at: event.timestamp,
      notificationId: notification_id, userId: user_id, channel,
    };
  }
}

import { Event } from '@necrostack/core';
import { NOTIFICATION_FAILED, NOTIFICATION_SENT, type Channel } from '../events';
import type { Receipt } from '../services/delivery-gateway.service';

/** Which notification an outcome is about. */
export interface NotificationRef {
  readonly notification_id: string;
  readonly user_id: string;
}

/** NOTIFICATION_SENT for one channel of a notification. */
export function sentEvent(ref: NotificationRef, channel: Channel, receipt: Receipt): Event {
  return new Event(NOTIFICATION_SENT, {
    notification_id: ref.notification_id, user_id: ref.user_id, channel, receipt_id: receipt.receiptId, attempt: receipt.attempt,
  });
}

/** NOTIFICATION_FAILED for one channel of a notification: a permanent failure, with the reason. */
export function failedEvent(ref: NotificationRef, channel: Channel, reason: string): Event {
  return new Event(NOTIFICATION_FAILED, { notification_id: ref.notification_id, user_id: ref.user_id, channel, reason });
}

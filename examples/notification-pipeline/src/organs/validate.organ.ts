import { Event, ListensTo, Organ } from '@necrostack/core';
import { NotificationRequestDto } from '../dto/notification-request.dto';
import { NOTIFICATION_REQUESTED, NOTIFICATION_VALIDATED } from '../events';

/**
 * Admits requests into the pipeline. The real check is the DTO: the Spine validates the payload
 * before `handle` runs, and dead-letters an invalid one with every failing property named. What
 * reaches `handle` is valid; it is normalised and given its notification id.
 */
@Organ()
@ListensTo(NOTIFICATION_REQUESTED, { payload: NotificationRequestDto })
export class Validate {
  handle(event: Event<NotificationRequestDto>): Event {
    const request = event.payload;
    return new Event(NOTIFICATION_VALIDATED, {
      notification_id: event.id,
      user_id: request.user_id,
      channels: [...request.channels],
      message: request.message.trim(),
      priority: request.priority,
    });
  }
}

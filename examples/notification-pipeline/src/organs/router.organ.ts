import { Event, ListensTo, Organ } from '@necrostack/core';
import { ValidatedNotificationDto } from '../dto/notification-request.dto';
import { NOTIFICATION_VALIDATED, REQUEST_TYPE_BY_CHANNEL, type Channel } from '../events';
import { CONTACT_FIELD, UserDirectory } from '../services/user-directory.service';
import { failedEvent } from './outcome-events';

/**
 * Fans a notification out to its channels: one EMAIL_/SMS_/PUSH_REQUESTED per channel, addressed
 * from the user directory. A channel the user cannot be reached on fails at once
 * (NOTIFICATION_FAILED), so every requested channel ends in exactly one outcome.
 */
@Organ()
@ListensTo(NOTIFICATION_VALIDATED, { payload: ValidatedNotificationDto })
export class Router {
  constructor(private readonly directory: UserDirectory) {}

  handle(event: Event<ValidatedNotificationDto>): Event[] {
    const notification = event.payload;
    return notification.channels.map((channel) => this.route(notification, channel));
  }

  private route(notification: ValidatedNotificationDto, channel: Channel): Event {
    const user = this.directory.find(notification.user_id);
    if (!user) return failedEvent(notification, channel, `unknown user ${notification.user_id}`);
    const to = this.directory.addressOf(user, channel);
    if (to === undefined) return failedEvent(notification, channel, `${user.user_id} has no ${CONTACT_FIELD[channel].label} on file`);
    return new Event(REQUEST_TYPE_BY_CHANNEL[channel], {
      notification_id: notification.notification_id,
      user_id: notification.user_id,
      channel,
      to,
      message: notification.message,
      priority: notification.priority,
    });
  }
}

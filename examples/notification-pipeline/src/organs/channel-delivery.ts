import type { Event } from '@necrostack/core';
import type { ChannelRequestDto } from '../dto/channel-request.dto';
import type { DeliveryGateway } from '../services/delivery-gateway.service';
import { failedEvent, sentEvent } from './outcome-events';

/**
 * What every channel organ does once it has checked the address and rendered the message:
 * a bad address is a permanent failure (NOTIFICATION_FAILED, no retry); otherwise the provider is
 * called, and a provider error is thrown on so the Spine retries the delivery and, when the tries
 * run out, dead-letters it with the reason.
 */
export async function deliver(
  gateway: DeliveryGateway,
  request: ChannelRequestDto,
  body: string,
  addressProblem: string | undefined,
): Promise<Event> {
  if (addressProblem !== undefined) return failedEvent(request, request.channel, addressProblem);
  const receipt = await gateway.send({
    notificationId: request.notification_id, userId: request.user_id, channel: request.channel, to: request.to, body,
  });
  return sentEvent(request, request.channel, receipt);
}

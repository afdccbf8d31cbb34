import { Event, ListensTo, Organ } from '@necrostack/core';
import { ChannelRequestDto } from '../dto/channel-request.dto';
import { PUSH_REQUESTED } from '../events';
import { DeliveryGateway } from '../services/delivery-gateway.service';
import { deliver } from './channel-delivery';

/** An APNs device token: 32 bytes, hex-encoded. */
const DEVICE_TOKEN = /^[0-9a-f]{64}$/i;

/** Sends push notifications: checks the device token; critical ones are time-sensitive. */
@Organ()
@ListensTo(PUSH_REQUESTED, { payload: ChannelRequestDto })
export class Push {
  constructor(private readonly gateway: DeliveryGateway) {}

  handle(event: Event<ChannelRequestDto>): Promise<Event> {
    const { to, message, priority } = event.payload;
    const problem = DEVICE_TOKEN.test(to) ? undefined : `'${to}' is not a valid device token`;
    const payload = { alert: message, 'interruption-level': priority === 'critical' ? 'time-sensitive' : 'active' };
    return deliver(this.gateway, event.payload, JSON.stringify(payload), problem);
  }
}

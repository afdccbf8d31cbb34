import { Event, ListensTo, Organ } from '@necrostack/core';
import { isEmail } from 'class-validator';
import { ChannelRequestDto } from '../dto/channel-request.dto';
import { EMAIL_REQUESTED } from '../events';
import { DeliveryGateway } from '../services/delivery-gateway.service';
import { deliver } from './channel-delivery';

/** Sends email: checks the address, flags urgent subjects, hands the message to the provider. */
@Organ()
@ListensTo(EMAIL_REQUESTED, { payload: ChannelRequestDto })
export class Email {
  constructor(private readonly gateway: DeliveryGateway) {}

  handle(event: Event<ChannelRequestDto>): Promise<Event> {
    const { to, message, priority } = event.payload;
    const problem = isEmail(to) ? undefined : `'${to}' is not a valid email address`;
    const urgent = priority === 'high' || priority === 'critical';
    const subject = urgent ? `[${priority.toUpperCase()}] ${message}` : message;
    return deliver(this.gateway, event.payload, `Subject: ${subject}\n\n${message}`, problem);
  }
}

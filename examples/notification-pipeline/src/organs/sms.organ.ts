import { Event, ListensTo, Organ } from '@necrostack/core';
import { isPhoneNumber } from 'class-validator';
import { ChannelRequestDto } from '../dto/channel-request.dto';
import { SMS_REQUESTED } from '../events';
import { DeliveryGateway } from '../services/delivery-gateway.service';
import { deliver } from './channel-delivery';

/** One SMS segment (GSM-7). Longer texts are cut to fit one, so a notification costs one message. */
export const SMS_MAX_LENGTH = 160;

/** Sends SMS: checks the number is international (E.164), fits the text in one segment. */
@Organ()
@ListensTo(SMS_REQUESTED, { payload: ChannelRequestDto })
export class Sms {
  constructor(private readonly gateway: DeliveryGateway) {}

  handle(event: Event<ChannelRequestDto>): Promise<Event> {
    const { to, message } = event.payload;
    const problem = isPhoneNumber(to) ? undefined : `'${to}' is not an international phone number (E.164, e.g. +14155550101)`;
    const text = message.length > SMS_MAX_LENGTH ? `${message.slice(0, SMS_MAX_LENGTH - 1)}…` : message;
    return deliver(this.gateway, event.payload, text, problem);
  }
}

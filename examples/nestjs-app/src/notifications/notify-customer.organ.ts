import { Event, ListensTo, Organ } from '@necrostack/core';
import { Inject } from '@nestjs/common';
import { PAYMENT_CAPTURED, PAYMENT_DECLINED, type PaymentCaptured, type PaymentDeclined } from '../events';
import { MAILER, type Mailer } from './mailer';

/** Tells the customer how their order went: one handler per outcome. */
@Organ()
export class NotifyCustomer {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  @ListensTo(PAYMENT_CAPTURED)
  async confirm(event: Event<PaymentCaptured>): Promise<void> {
    const { customerEmail, orderId, paymentId } = event.payload;
    await this.mailer.send(customerEmail, `Order ${orderId} confirmed (payment ${paymentId})`);
  }

  @ListensTo(PAYMENT_DECLINED)
  async decline(event: Event<PaymentDeclined>): Promise<void> {
    const { customerEmail, orderId, reason } = event.payload;
    await this.mailer.send(customerEmail, `Order ${orderId} declined: ${reason}`);
  }
}

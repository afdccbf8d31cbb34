import { Event, ListensTo, Organ } from '@necrostack/core';
import { ORDER_PLACED, PAYMENT_CAPTURED, PAYMENT_DECLINED, type PaymentCaptured, type PaymentDeclined } from '../events';
import { PlaceOrderDto } from '../orders/place-order.dto';
import { PaymentsService } from './payments.service';

/** ORDER_PLACED → charge the order → PAYMENT_CAPTURED, or PAYMENT_DECLINED over the credit limit. */
@Organ()
@ListensTo(ORDER_PLACED, { payload: PlaceOrderDto })
export class ChargeOrder {
  constructor(private readonly payments: PaymentsService) {}

  handle(event: Event<PlaceOrderDto>): Event {
    const { customerEmail, quantity, unitPriceCents } = event.payload;
    const result = this.payments.charge(event.id, quantity * unitPriceCents);
    if ('declined' in result) {
      return new Event<PaymentDeclined>(PAYMENT_DECLINED, { orderId: event.id, customerEmail, reason: result.declined });
    }
    const { paymentId, amountCents } = result.captured;
    return new Event<PaymentCaptured>(PAYMENT_CAPTURED, { orderId: event.id, customerEmail, paymentId, amountCents });
  }
}

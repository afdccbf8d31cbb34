import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderRefDto } from '../dto/order.dto';
import { CHARGE_PAYMENT, PAYMENT_FAILED, PAYMENT_PROCESSED } from '../events';
import { OrderRepository } from '../services/order-repository.service';
import { PaymentService } from '../services/payment.service';

/**
 * Charges the customer when OrderSaga asks (CHARGE_PAYMENT). A capture moves the order to PAID and
 * emits PAYMENT_PROCESSED; a decline emits PAYMENT_FAILED, on which the saga cancels the order.
 * When the card network never answers, nothing comes back: the saga's payment timeout cancels it.
 */
@Organ()
@ListensTo(CHARGE_PAYMENT, { payload: OrderRefDto })
export class ProcessPayment {
  constructor(private readonly orders: OrderRepository, private readonly payments: PaymentService) {}

  handle(event: Event<OrderRefDto>): Event | undefined {
    const order = this.orders.get(event.payload.order_id);
    const payment = this.payments.charge(order.orderId, order.amountCents);
    if (payment.status === 'NO_ANSWER') return undefined;
    if (payment.status === 'DECLINED') return new Event(PAYMENT_FAILED, { order_id: order.orderId, reason: payment.reason ?? 'declined' });
    this.orders.move(order.orderId, 'PAID');
    return new Event(PAYMENT_PROCESSED, { order_id: order.orderId, payment_id: payment.paymentId, amount_cents: payment.amountCents });
  }
}

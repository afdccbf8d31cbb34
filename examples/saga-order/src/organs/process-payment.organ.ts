import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderPlacedDto } from '../dto/order.dto';
import { ORDER_PLACED, PAYMENT_FAILED, PAYMENT_PROCESSED, amountCents } from '../events';
import { OrderRepository } from '../services/order-repository.service';
import { PaymentService } from '../services/payment.service';

/**
 * Step 1: records the order (PLACED) and charges the customer. A capture moves it to PAID and emits
 * PAYMENT_PROCESSED; a decline emits PAYMENT_FAILED, which cancels the order. An order that breaks
 * OrderPlacedDto never gets here: the Spine dead-letters it with every failing property.
 */
@Organ()
@ListensTo(ORDER_PLACED, { payload: OrderPlacedDto })
export class ProcessPayment {
  constructor(private readonly orders: OrderRepository, private readonly payments: PaymentService) {}

  handle(event: Event<OrderPlacedDto>): Event {
    const { order_id, customer_id, items } = event.payload;
    const order = this.orders.open({ orderId: order_id, customerId: customer_id, items, amountCents: amountCents(items) });
    const payment = this.payments.charge(order.orderId, order.amountCents);
    if (payment.status === 'DECLINED') return new Event(PAYMENT_FAILED, { order_id, reason: payment.reason ?? 'declined' });
    this.orders.move(order_id, 'PAID');
    return new Event(PAYMENT_PROCESSED, { order_id, payment_id: payment.paymentId, amount_cents: payment.amountCents });
  }
}

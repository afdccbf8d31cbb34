import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderRefDto } from '../dto/order.dto';
import { ORDER_COMPENSATED, REFUND_PAYMENT } from '../events';
import { OrderRepository } from '../services/order-repository.service';
import { PaymentService } from '../services/payment.service';

/** Compensation, last undo: refunds the payment. The order is then COMPENSATED. */
@Organ()
@ListensTo(REFUND_PAYMENT, { payload: OrderRefDto })
export class RefundPayment {
  constructor(private readonly orders: OrderRepository, private readonly payments: PaymentService) {}

  handle(event: Event<OrderRefDto>): Event {
    const { order_id } = event.payload;
    const refunded = this.payments.refund(order_id);
    this.orders.move(order_id, 'COMPENSATED');
    return new Event(ORDER_COMPENSATED, { order_id, refunded_cents: refunded });
  }
}

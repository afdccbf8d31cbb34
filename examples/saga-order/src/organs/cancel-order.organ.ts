import { Event, ListensTo, Organ } from '@necrostack/core';
import { PaymentFailedDto } from '../dto/failure.dto';
import { ORDER_CANCELLED, PAYMENT_FAILED } from '../events';
import { OrderRepository } from '../services/order-repository.service';

/**
 * Compensation of a failed payment: nothing was charged and nothing reserved, so there is nothing to
 * undo. The order is CANCELLED, with the reason.
 */
@Organ()
@ListensTo(PAYMENT_FAILED, { payload: PaymentFailedDto })
export class CancelOrder {
  constructor(private readonly orders: OrderRepository) {}

  handle(event: Event<PaymentFailedDto>): Event {
    const { order_id, reason } = event.payload;
    this.orders.move(order_id, 'CANCELLED', `payment failed: ${reason}`);
    return new Event(ORDER_CANCELLED, { order_id, reason });
  }
}

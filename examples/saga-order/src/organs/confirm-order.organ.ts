import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderRefDto } from '../dto/order.dto';
import { INVENTORY_RESERVED, ORDER_CONFIRMED } from '../events';
import { OrderRepository } from '../services/order-repository.service';

/** Step 3: a paid order with its stock reserved is CONFIRMED: the end of the forward flow. */
@Organ()
@ListensTo(INVENTORY_RESERVED, { payload: OrderRefDto })
export class ConfirmOrder {
  constructor(private readonly orders: OrderRepository) {}

  handle(event: Event<OrderRefDto>): Event {
    const order = this.orders.move(event.payload.order_id, 'CONFIRMED');
    return new Event(ORDER_CONFIRMED, { order_id: order.orderId, amount_cents: order.amountCents });
  }
}

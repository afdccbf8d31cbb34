import { Event, ListensTo, Organ } from '@necrostack/core';
import { InventoryFailedDto } from '../dto/failure.dto';
import { INVENTORY_FAILED, RELEASE_INVENTORY } from '../events';
import { OrderRepository } from '../services/order-repository.service';

/**
 * Starts the compensation of a failed reservation: the order is COMPENSATING, and the steps already
 * done are undone in reverse order, each by its own organ: RELEASE_INVENTORY, then REFUND_PAYMENT.
 */
@Organ()
@ListensTo(INVENTORY_FAILED, { payload: InventoryFailedDto })
export class CompensateOrder {
  constructor(private readonly orders: OrderRepository) {}

  handle(event: Event<InventoryFailedDto>): Event {
    const { order_id, reason } = event.payload;
    this.orders.move(order_id, 'COMPENSATING', `inventory failed: ${reason}`);
    return new Event(RELEASE_INVENTORY, { order_id });
  }
}

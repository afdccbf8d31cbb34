import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderRefDto } from '../dto/order.dto';
import { REFUND_PAYMENT, RELEASE_INVENTORY } from '../events';
import { InventoryService } from '../services/inventory.service';
import { OrderRepository } from '../services/order-repository.service';

/** Compensation, first undo: puts back whatever the order still holds, then asks for the refund. */
@Organ()
@ListensTo(RELEASE_INVENTORY, { payload: OrderRefDto })
export class ReleaseInventory {
  constructor(private readonly orders: OrderRepository, private readonly inventory: InventoryService) {}

  handle(event: Event<OrderRefDto>): Event {
    const { order_id } = event.payload;
    const units = this.inventory.release(order_id);
    this.orders.move(order_id, 'INVENTORY_RELEASED');
    return new Event(REFUND_PAYMENT, { order_id, units_released: units });
  }
}

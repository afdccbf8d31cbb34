import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderRefDto } from '../dto/order.dto';
import { INVENTORY_FAILED, INVENTORY_RESERVED, PAYMENT_PROCESSED } from '../events';
import { InventoryService } from '../services/inventory.service';
import { OrderRepository } from '../services/order-repository.service';

/**
 * Step 2: reserves the paid order's lines in the warehouse (RESERVED, INVENTORY_RESERVED). When the
 * warehouse fails part-way, some lines may stay reserved: INVENTORY_FAILED starts the compensation
 * that releases them and refunds the payment.
 */
@Organ()
@ListensTo(PAYMENT_PROCESSED, { payload: OrderRefDto })
export class ReserveInventory {
  constructor(private readonly orders: OrderRepository, private readonly inventory: InventoryService) {}

  handle(event: Event<OrderRefDto>): Event {
    const order = this.orders.get(event.payload.order_id);
    const result = this.inventory.reserve(order.orderId, order.items);
    if (!result.ok) {
      return new Event(INVENTORY_FAILED, { order_id: order.orderId, reason: result.reason, lines_reserved: result.linesReserved });
    }
    this.orders.move(order.orderId, 'RESERVED');
    return new Event(INVENTORY_RESERVED, { order_id: order.orderId, units: this.inventory.heldBy(order.orderId) });
  }
}

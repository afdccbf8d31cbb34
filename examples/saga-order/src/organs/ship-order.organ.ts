import { Event, ListensTo, Organ } from '@necrostack/core';
import { OrderRefDto } from '../dto/order.dto';
import { ORDER_SHIPPED, SHIP_ORDER } from '../events';
import { OrderRepository } from '../services/order-repository.service';
import { ShippingService } from '../services/shipping.service';

/** Books the parcel of a paid, reserved order when OrderSaga asks (SHIP_ORDER). */
@Organ()
@ListensTo(SHIP_ORDER, { payload: OrderRefDto })
export class ShipOrder {
  constructor(private readonly orders: OrderRepository, private readonly shipping: ShippingService) {}

  handle(event: Event<OrderRefDto>): Event {
    const order = this.orders.get(event.payload.order_id);
    const units = order.items.reduce((sum, line) => sum + line.quantity, 0);
    const shipment = this.shipping.ship(order.orderId, units);
    return new Event(ORDER_SHIPPED, { order_id: order.orderId, tracking_id: shipment.trackingId });
  }
}

import { Event, ListensTo, Organ } from '@necrostack/core';
import { PlaceOrderDto } from '../dto/place-order.dto';
import { ORDER_ACCEPTED, ORDER_PLACED, ORDER_REJECTED, type OrderAcceptedPayload, type OrderRejectedPayload } from '../events';
import { Inventory } from '../services/inventory.service';

/**
 * Decides an order: reserves its stock (ORDER_ACCEPTED) or says why it cannot (ORDER_REJECTED).
 * Running out of stock is a business outcome, not a failure, so it is an event, not a dead letter.
 * The payload is checked against PlaceOrderDto again: the API is not the only way onto a stream.
 */
@Organ()
@ListensTo(ORDER_PLACED, { payload: PlaceOrderDto })
export class ReserveStock {
  constructor(private readonly inventory: Inventory) {}

  handle(event: Event<PlaceOrderDto>): Event {
    const { sku, quantity } = event.payload;
    const reservation = this.inventory.reserve(event.id, sku, quantity);
    if (reservation.ok) {
      const accepted: OrderAcceptedPayload = { orderId: event.id, sku, quantity, remaining: reservation.remaining };
      return new Event(ORDER_ACCEPTED, { ...accepted });
    }
    const rejected: OrderRejectedPayload = { orderId: event.id, sku, quantity, reason: reservation.reason };
    return new Event(ORDER_REJECTED, { ...rejected });
  }
}

import { Event, ListensTo, Organ } from '@necrostack/core';
import { inject } from 'tsyringe';
import { ORDER_BILLED, ORDER_CREATED, ORDER_PLACED, PAYMENT_DECLINED, type OrderBilled, type OrderCreated, type PaymentDeclined } from '../events';
import { PlaceOrderDto } from './dto/place-order.dto';
import { orderTotal } from './order';
import { ORDERS_REPOSITORY, type OrdersRepository } from './orders.repository';

/**
 * The orders module's handlers, in one service class: an order placed is saved and announced;
 * billing's verdict is written back to it. An invalid ORDER_PLACED never reaches `create`: its DTO
 * rejects it and the Spine dead-letters it with the reason.
 */
@Organ()
export class OrderOrgans {
  constructor(@inject(ORDERS_REPOSITORY) readonly orders: OrdersRepository) {}

  @ListensTo(ORDER_PLACED, { payload: PlaceOrderDto })
  create(event: Event<PlaceOrderDto>): Event<OrderCreated> {
    const placed = event.payload;
    const lines = placed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceCents: l.unit_price_cents }));
    const totalCents = orderTotal(lines);
    this.orders.save({ id: placed.order_id, customerEmail: placed.customer_email, lines, totalCents, status: 'created' });
    return new Event<OrderCreated>(ORDER_CREATED, { order_id: placed.order_id, total_cents: totalCents });
  }

  @ListensTo(ORDER_BILLED)
  markBilled(event: Event<OrderBilled>): void {
    this.orders.update(event.payload.order_id, { status: 'billed', invoiceId: event.payload.invoice_id });
  }

  @ListensTo(PAYMENT_DECLINED)
  markDeclined(event: Event<PaymentDeclined>): void {
    this.orders.update(event.payload.order_id, { status: 'declined', declineReason: event.payload.reason });
  }
}

import { Event, ListensTo, Organ } from '@necrostack/core';
import { inject } from 'tsyringe';
import { ORDER_ACCEPTED, ORDER_REJECTED, type OrderAcceptedPayload, type OrderRejectedPayload } from '../events';
import { ORDER_STATUS_STORE, type OrderStatusStore } from '../store/order-status';

/**
 * The end of the flow: records each order's outcome in the OrderStatusStore, where
 * `GET /orders/:id` reads it. A real service would also e-mail the customer here.
 * Writing the same outcome twice is harmless, so redeliveries are too.
 */
@Organ()
export class Notifier {
  constructor(@inject(ORDER_STATUS_STORE) private readonly store: OrderStatusStore) {}

  @ListensTo(ORDER_ACCEPTED)
  async accepted(event: Event<OrderAcceptedPayload>): Promise<void> {
    const { orderId, sku, quantity, remaining } = event.payload;
    await this.store.record({ eventId: orderId, status: 'accepted', sku, quantity, remaining, updatedAt: now() });
  }

  @ListensTo(ORDER_REJECTED)
  async rejected(event: Event<OrderRejectedPayload>): Promise<void> {
    const { orderId, sku, quantity, reason } = event.payload;
    await this.store.record({ eventId: orderId, status: 'rejected', sku, quantity, reason, updatedAt: now() });
  }
}

function now(): string {
  return new Date().toISOString();
}

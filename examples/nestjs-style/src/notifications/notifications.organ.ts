import { Event, ListensTo, Organ } from '@necrostack/core';
import { inject } from 'tsyringe';
import { ORDER_BILLED, PAYMENT_DECLINED, type OrderBilled, type PaymentDeclined } from '../events';
import { formatCents } from '../money';
import { ORDERS_REPOSITORY, type OrdersRepository } from '../orders/orders.repository';
import { OUTBOX_REPOSITORY, type OutboxRepository } from './outbox.repository';

/** Tells the customer what became of the order: a confirmation or a decline, into the outbox. */
@Organ()
export class NotificationsOrgan {
  constructor(
    @inject(ORDERS_REPOSITORY) readonly orders: OrdersRepository,
    @inject(OUTBOX_REPOSITORY) readonly outbox: OutboxRepository,
  ) {}

  @ListensTo(ORDER_BILLED)
  confirm(event: Event<OrderBilled>): void {
    const { order_id: orderId, invoice_id: invoiceId, amount_cents: amount } = event.payload;
    const to = this.orders.get(orderId).customerEmail;
    this.outbox.push({ to, orderId, text: `Order ${orderId} confirmed: ${formatCents(amount)} billed (${invoiceId})` });
  }

  @ListensTo(PAYMENT_DECLINED)
  decline(event: Event<PaymentDeclined>): void {
    const { order_id: orderId, reason } = event.payload;
    const to = this.orders.get(orderId).customerEmail;
    this.outbox.push({ to, orderId, text: `Order ${orderId} declined: ${reason}` });
  }
}

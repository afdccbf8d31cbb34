import { Event, ListensTo, Organ } from '@necrostack/core';
import { inject } from 'tsyringe';
import { ORDER_BILLED, ORDER_CREATED, PAYMENT_DECLINED, type OrderBilled, type OrderCreated, type PaymentDeclined } from '../events';
import { ORDERS_REPOSITORY, type OrdersRepository } from '../orders/orders.repository';
import { BillingService } from './billing.service';

/** Bills each order created: reads it from the orders module's repository, asks BillingService. */
@Organ()
@ListensTo(ORDER_CREATED)
export class BillingOrgan {
  constructor(
    @inject(ORDERS_REPOSITORY) readonly orders: OrdersRepository,
    readonly billing: BillingService,
  ) {}

  handle(event: Event<OrderCreated>): Event<OrderBilled> | Event<PaymentDeclined> {
    const order = this.orders.get(event.payload.order_id);
    const result = this.billing.bill(order);
    if ('declined' in result) return new Event<PaymentDeclined>(PAYMENT_DECLINED, { order_id: order.id, reason: result.declined });
    const { invoice } = result;
    return new Event<OrderBilled>(ORDER_BILLED, { order_id: order.id, invoice_id: invoice.id, amount_cents: invoice.amountCents });
  }
}

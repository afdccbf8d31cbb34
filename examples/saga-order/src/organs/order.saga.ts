import { Event, Saga, SagaInstance, SagaStep } from '@necrostack/core';
import { OrderPlacedDto, OrderRefDto } from '../dto/order.dto';
import { InventoryFailedDto, PaymentFailedDto } from '../dto/failure.dto';
import {
  CHARGE_PAYMENT, INVENTORY_FAILED, INVENTORY_RESERVED, ORDER_CANCELLED, ORDER_COMPENSATED, ORDER_CONFIRMED, ORDER_PLACED,
  PAYMENT_FAILED, PAYMENT_PROCESSED, RELEASE_INVENTORY, amountCents,
} from '../events';
import { OrderRepository } from '../services/order-repository.service';

/** Where one order's saga is: what it waits for next. */
export interface OrderSagaState {
  stage: 'AWAITING_PAYMENT' | 'AWAITING_STOCK' | 'COMPENSATING' | 'DONE';
  amountCents: number;
}

/**
 * The order's process manager: one instance per order id, its state kept in the saga store. It
 * opens the order and asks for the payment, then decides on each outcome the services report —
 * confirm, cancel, or compensate (release the stock, then refund) — and completes when the order
 * has reached a final state. The services' organs do the work; the decisions are all here.
 */
@Saga<OrderSagaState>({ correlate: 'order_id', initialState: () => ({ stage: 'AWAITING_PAYMENT', amountCents: 0 }) })
export class OrderSaga {
  constructor(private readonly orders: OrderRepository) {}

  /** An order that breaks OrderPlacedDto never starts: the Spine dead-letters it with every failing property. */
  @SagaStep(ORDER_PLACED, { starts: true, payload: OrderPlacedDto })
  placed(event: Event<OrderPlacedDto>, saga: SagaInstance<OrderSagaState>): Event {
    const { order_id, customer_id, items } = event.payload;
    const order = this.orders.open({ orderId: order_id, customerId: customer_id, items, amountCents: amountCents(items) });
    saga.state.amountCents = order.amountCents;
    return new Event(CHARGE_PAYMENT, { order_id, amount_cents: order.amountCents });
  }

  /** Paid: ReserveInventory reserves the stock; the saga waits for its outcome. */
  @SagaStep(PAYMENT_PROCESSED, { payload: OrderRefDto })
  paid(_event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): void {
    saga.state.stage = 'AWAITING_STOCK';
  }

  /** Declined: nothing was charged or reserved, so there is nothing to undo. */
  @SagaStep(PAYMENT_FAILED, { payload: PaymentFailedDto })
  declined(event: Event<PaymentFailedDto>, saga: SagaInstance<OrderSagaState>): Event {
    const { order_id, reason } = event.payload;
    this.orders.move(order_id, 'CANCELLED', `payment failed: ${reason}`);
    this.finish(saga);
    return new Event(ORDER_CANCELLED, { order_id, reason });
  }

  /** Paid and reserved: the end of the forward flow. */
  @SagaStep(INVENTORY_RESERVED, { payload: OrderRefDto })
  reserved(event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): Event {
    const order = this.orders.move(event.payload.order_id, 'CONFIRMED');
    this.finish(saga);
    return new Event(ORDER_CONFIRMED, { order_id: order.orderId, amount_cents: order.amountCents });
  }

  /** The reservation failed part-way: undo in reverse order, stock first, then the payment. */
  @SagaStep(INVENTORY_FAILED, { payload: InventoryFailedDto })
  stockFailed(event: Event<InventoryFailedDto>, saga: SagaInstance<OrderSagaState>): Event {
    const { order_id, reason } = event.payload;
    this.orders.move(order_id, 'COMPENSATING', `inventory failed: ${reason}`);
    saga.state.stage = 'COMPENSATING';
    return new Event(RELEASE_INVENTORY, { order_id });
  }

  /** The last undo is done (RefundPayment): the order is COMPENSATED. */
  @SagaStep(ORDER_COMPENSATED, { payload: OrderRefDto })
  compensated(_event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): void {
    this.finish(saga);
  }

  private finish(saga: SagaInstance<OrderSagaState>): void {
    saga.state.stage = 'DONE';
    saga.complete();
  }
}

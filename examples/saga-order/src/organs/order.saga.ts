import { Event, Saga, SagaInstance, SagaStep } from '@necrostack/core';
import { inject } from 'tsyringe';
import { OrderPlacedDto, OrderRefDto } from '../dto/order.dto';
import { InventoryFailedDto, PaymentFailedDto } from '../dto/failure.dto';
import {
  CHARGE_PAYMENT, INVENTORY_FAILED, INVENTORY_RESERVED, ORDER_CANCELLED, ORDER_COMPENSATED, ORDER_CONFIRMED, ORDER_PLACED,
  ORDER_SHIPPED, PAYMENT_FAILED, PAYMENT_PROCESSED, PAYMENT_TIMEOUT, RELEASE_INVENTORY, SHIP_ORDER, amountCents,
} from '../events';
import { OrderRepository } from '../services/order-repository.service';
import { PaymentService } from '../services/payment.service';

/** Where one order's saga is: what it waits for next. */
export interface OrderSagaState {
  stage: 'AWAITING_PAYMENT' | 'AWAITING_STOCK' | 'AWAITING_SHIPMENT' | 'COMPENSATING' | 'DONE';
  amountCents: number;
}

/** How long OrderSaga waits for the payment's answer before it cancels the order (the example's default). */
export const DEFAULT_PAYMENT_TIMEOUT_MS = 300;

/** How long the saga waits for the payment: registered by runSaga (`paymentTimeoutMs`). */
export const PAYMENT_TIMEOUT_MS = Symbol('PAYMENT_TIMEOUT_MS');

/**
 * The order's process manager: one instance per order id, its state kept in the saga store. It
 * opens the order, asks for the payment and sets a timeout for its answer, then decides on each
 * outcome the services report — ship and confirm, cancel, or compensate (release the stock, then
 * refund) — and completes when the order has reached a final state. The services' organs do the work; the decisions are all here.
 */
@Saga<OrderSagaState>({ correlate: 'order_id', initialState: () => ({ stage: 'AWAITING_PAYMENT', amountCents: 0 }) })
export class OrderSaga {
  constructor(
    private readonly orders: OrderRepository,
    private readonly payments: PaymentService,
    @inject(PAYMENT_TIMEOUT_MS) private readonly paymentTimeoutMs: number,
  ) {}

  /** An order that breaks OrderPlacedDto never starts: the Spine dead-letters it with every failing property. */
  @SagaStep(ORDER_PLACED, { starts: true, payload: OrderPlacedDto })
  placed(event: Event<OrderPlacedDto>, saga: SagaInstance<OrderSagaState>): Event {
    const { order_id, customer_id, items } = event.payload;
    const order = this.orders.open({ orderId: order_id, customerId: customer_id, items, amountCents: amountCents(items) });
    saga.state.amountCents = order.amountCents;
    saga.scheduleTimeout('payment', new Event(PAYMENT_TIMEOUT, { order_id }, { delayMs: this.paymentTimeoutMs }));
    return new Event(CHARGE_PAYMENT, { order_id, amount_cents: order.amountCents });
  }

  /** Paid: ReserveInventory reserves the stock; the saga waits for its outcome. */
  @SagaStep(PAYMENT_PROCESSED, { payload: OrderRefDto })
  paid(_event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): void {
    saga.cancelTimeout('payment');
    saga.state.stage = 'AWAITING_STOCK';
  }

  /** Declined: nothing was charged or reserved, so there is nothing to undo. */
  @SagaStep(PAYMENT_FAILED, { payload: PaymentFailedDto })
  declined(event: Event<PaymentFailedDto>, saga: SagaInstance<OrderSagaState>): Event {
    const { order_id, reason } = event.payload;
    return this.cancel(saga, order_id, reason);
  }

  /**
   * The payment's answer did not come in time (a cancelled timeout never gets here). The saga asks
   * the payment service before it cancels: an answer may be on its way (a busy worker), or the
   * charge not even made yet — then it waits again. Only a charge that got no answer cancels the
   * order (nothing was charged).
   */
  @SagaStep(PAYMENT_TIMEOUT, { payload: OrderRefDto })
  unanswered(event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): Event | undefined {
    const { order_id } = event.payload;
    const payment = this.payments.paymentOf(order_id);
    if (payment === undefined) {
      saga.scheduleTimeout('payment', new Event(PAYMENT_TIMEOUT, { order_id }, { delayMs: this.paymentTimeoutMs }));
      return undefined;
    }
    if (payment.status !== 'NO_ANSWER') return undefined;
    return this.cancel(saga, order_id, `no answer within ${this.paymentTimeoutMs} ms`);
  }

  /** Paid and reserved: the parcel is booked next. */
  @SagaStep(INVENTORY_RESERVED, { payload: OrderRefDto })
  reserved(event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): Event {
    saga.state.stage = 'AWAITING_SHIPMENT';
    return new Event(SHIP_ORDER, { order_id: event.payload.order_id });
  }

  /** Shipped: the end of the forward flow. */
  @SagaStep(ORDER_SHIPPED, { payload: OrderRefDto })
  shipped(event: Event<OrderRefDto>, saga: SagaInstance<OrderSagaState>): Event {
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

  private cancel(saga: SagaInstance<OrderSagaState>, orderId: string, reason: string): Event {
    this.orders.move(orderId, 'CANCELLED', `payment failed: ${reason}`);
    this.finish(saga);
    return new Event(ORDER_CANCELLED, { order_id: orderId, reason });
  }

  private finish(saga: SagaInstance<OrderSagaState>): void {
    saga.state.stage = 'DONE';
    saga.complete();
  }
}

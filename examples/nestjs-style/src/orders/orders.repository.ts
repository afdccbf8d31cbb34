import { injectable, type InjectionToken } from 'tsyringe';
import type { Order, OrderStatus } from './order';

/** The orders store, as the organs see it: an interface, injected under {@link ORDERS_REPOSITORY}. */
export interface OrdersRepository {
  save(order: Order): void;
  /** @throws Error when no order has this id. */
  get(id: string): Order;
  /** Every order, by id. */
  all(): Order[];
  update(id: string, change: { status: OrderStatus; invoiceId?: string; declineReason?: string }): void;
}

/** The injection token of {@link OrdersRepository} (interfaces do not exist at run time). */
export const ORDERS_REPOSITORY: InjectionToken<OrdersRepository> = Symbol('OrdersRepository');

/** The in-memory implementation the orders module provides. */
@injectable()
export class InMemoryOrdersRepository implements OrdersRepository {
  private readonly orders = new Map<string, Order>();

  save(order: Order): void {
    this.orders.set(order.id, { ...order });
  }

  get(id: string): Order {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id}`);
    return order;
  }

  all(): Order[] {
    return [...this.orders.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  update(id: string, change: { status: OrderStatus; invoiceId?: string; declineReason?: string }): void {
    Object.assign(this.get(id), change);
  }
}

/** Where an order is in the saga. CONFIRMED, CANCELLED and COMPENSATED are final. */
export type OrderState =
  | 'PLACED' | 'PAID' | 'RESERVED' | 'CONFIRMED'
  | 'CANCELLED' | 'COMPENSATING' | 'INVENTORY_RELEASED' | 'COMPENSATED';

export const FINAL_STATES: readonly OrderState[] = ['CONFIRMED', 'CANCELLED', 'COMPENSATED'];

/** One line of an order. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

/** An order and its path through the saga. */
export interface OrderRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly items: readonly OrderLine[];
  readonly amountCents: number;
  state: OrderState;
  /** Every state it went through, in order, starting with PLACED. */
  readonly history: OrderState[];
  /** Why it left the forward flow, when it did. */
  failure?: string;
}

/** Thrown for an order id the repository never saw: a bug in the flow, not bad input. */
export class UnknownOrderError extends Error {
  override readonly name = 'UnknownOrderError';
}

/**
 * The saga's state: each order and the states it went through. Every step organ moves its order on.
 * Opening and moving are idempotent (a redelivered event changes nothing the second time).
 */
export class OrderRepository {
  private readonly orders = new Map<string, OrderRecord>();

  /** Records a new order as PLACED; returns the existing record when it is already known. */
  open(order: { orderId: string; customerId: string; items: readonly OrderLine[]; amountCents: number }): OrderRecord {
    const known = this.orders.get(order.orderId);
    if (known) return known;
    const record: OrderRecord = { ...order, items: order.items.map((line) => ({ ...line })), state: 'PLACED', history: ['PLACED'] };
    this.orders.set(order.orderId, record);
    return record;
  }

  /** @throws UnknownOrderError */
  get(orderId: string): OrderRecord {
    const record = this.orders.get(orderId);
    if (!record) throw new UnknownOrderError(`no order ${orderId} in the repository`);
    return record;
  }

  /** Moves an order to `state` (once), noting why when it leaves the forward flow. */
  move(orderId: string, state: OrderState, failure?: string): OrderRecord {
    const record = this.get(orderId);
    if (record.history.includes(state)) return record;
    record.state = state;
    record.history.push(state);
    if (failure !== undefined) record.failure = failure;
    return record;
  }

  /** Every order, in the order they were placed. */
  all(): OrderRecord[] {
    return [...this.orders.values()];
  }
}

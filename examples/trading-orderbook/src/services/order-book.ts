import type { OrderType, Side } from '../events';

/** An order resting in the book, waiting for a counterparty. */
export interface RestingOrder {
  readonly orderId: string;
  readonly traderId: string;
  readonly side: Side;
  readonly price: number;
  /** What is left to fill; decreases as the order is matched. */
  quantity: number;
  /** Arrival rank in the book: the "time" of price-time priority. */
  readonly sequence: number;
}

/** An incoming order, as the matching engine hands it to the book. */
export interface IncomingOrder {
  readonly orderId: string;
  readonly traderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly quantity: number;
  /** The limit price; ignored for a MARKET order. */
  readonly price: number | null;
}

/** One match: the incoming order against one resting order, at the resting order's price. */
export interface Fill {
  readonly resting: Readonly<RestingOrder>;
  readonly price: number;
  readonly quantity: number;
}

/** What became of an incoming order. */
export interface MatchResult {
  readonly fills: readonly Fill[];
  /** Quantity not filled: resting in the book for a LIMIT order, dropped for a MARKET one. */
  readonly remaining: number;
  /** True when the remainder now rests in the book. */
  readonly rested: boolean;
}

/**
 * The book of one symbol, with price-time priority: the best price first (highest bid, lowest ask),
 * and at one price the earliest order first. A trade executes at the resting order's price.
 */
export class OrderBook {
  /** Highest price first, then earliest. */
  private readonly bids: RestingOrder[] = [];
  /** Lowest price first, then earliest. */
  private readonly asks: RestingOrder[] = [];
  private sequence = 0;

  constructor(readonly symbol: string) {}

  /** Matches `order` against the opposite side, then rests a LIMIT order's remainder. */
  match(order: IncomingOrder): MatchResult {
    const opposite = order.side === 'BUY' ? this.asks : this.bids;
    const fills: Fill[] = [];
    let remaining = order.quantity;
    while (remaining > 0 && opposite.length > 0) {
      const best = opposite[0] as RestingOrder;
      if (order.orderType === 'LIMIT' && !crosses(order.side, order.price as number, best.price)) break;
      const quantity = Math.min(remaining, best.quantity);
      fills.push({ resting: { ...best }, price: best.price, quantity });
      remaining -= quantity;
      best.quantity -= quantity;
      if (best.quantity === 0) opposite.shift();
    }
    const rested = remaining > 0 && order.orderType === 'LIMIT';
    if (rested) this.rest({ ...order, price: order.price as number, quantity: remaining });
    return { fills, remaining, rested };
  }

  /** The resting orders of each side, best first. */
  depth(): { readonly bids: readonly Readonly<RestingOrder>[]; readonly asks: readonly Readonly<RestingOrder>[] } {
    return { bids: this.bids.map((o) => ({ ...o })), asks: this.asks.map((o) => ({ ...o })) };
  }

  private rest(order: { orderId: string; traderId: string; side: Side; price: number; quantity: number }): void {
    const entry: RestingOrder = { ...order, sequence: this.sequence++ };
    const side = order.side === 'BUY' ? this.bids : this.asks;
    // After every order at an equal or better price: time priority within a price level.
    const index = side.findIndex((other) => (order.side === 'BUY' ? other.price < entry.price : other.price > entry.price));
    side.splice(index === -1 ? side.length : index, 0, entry);
  }
}

/** Whether an incoming order at `limit` trades with a resting order at `resting`. */
function crosses(side: Side, limit: number, resting: number): boolean {
  return side === 'BUY' ? resting <= limit : resting >= limit;
}

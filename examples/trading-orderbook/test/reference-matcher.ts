/**
 * An independent, deliberately naive price-time matcher for the tests: every resting order in one
 * list per symbol, re-sorted before each match. Slow and obvious, so it can check the real engine.
 */
export interface RefOrder {
  readonly trader_id: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly order_type: 'LIMIT' | 'MARKET';
  readonly quantity: number;
  readonly price: number;
}

export interface RefTrade {
  buyer: string;
  seller: string;
  symbol: string;
  price: number;
  quantity: number;
}

interface Resting {
  trader: string;
  side: 'BUY' | 'SELL';
  price: number;
  quantity: number;
  arrival: number;
}

export function referenceMatch(orders: readonly RefOrder[]): { trades: RefTrade[]; books: Record<string, { bids: object[]; asks: object[] }> } {
  const resting = new Map<string, Resting[]>();
  const trades: RefTrade[] = [];
  orders.forEach((order, arrival) => {
    const book = resting.get(order.symbol) ?? [];
    resting.set(order.symbol, book);
    let left = order.quantity;
    for (;;) {
      const candidates = book
        .filter((r) => r.side !== order.side && r.quantity > 0)
        .filter((r) => order.order_type === 'MARKET' || (order.side === 'BUY' ? r.price <= order.price : r.price >= order.price))
        .sort((a, b) => (order.side === 'BUY' ? a.price - b.price : b.price - a.price) || a.arrival - b.arrival);
      const best = candidates[0];
      if (!best || left === 0) break;
      const quantity = Math.min(left, best.quantity);
      best.quantity -= quantity;
      left -= quantity;
      const [buyer, seller] = order.side === 'BUY' ? [order.trader_id, best.trader] : [best.trader, order.trader_id];
      trades.push({ buyer, seller, symbol: order.symbol, price: best.price, quantity });
    }
    if (left > 0 && order.order_type === 'LIMIT') book.push({ trader: order.trader_id, side: order.side, price: order.price, quantity: left, arrival });
  });
  const books = Object.fromEntries([...resting.keys()].sort().map((symbol) => {
    const live = (resting.get(symbol) ?? []).filter((r) => r.quantity > 0);
    const side = (s: 'BUY' | 'SELL', sign: number) => live
      .filter((r) => r.side === s)
      .sort((a, b) => sign * (a.price - b.price) || a.arrival - b.arrival)
      .map((r) => ({ trader: r.trader, price: r.price, quantity: r.quantity }));
    return [symbol, { bids: side('BUY', -1), asks: side('SELL', 1) }];
  }));
  return { trades, books };
}

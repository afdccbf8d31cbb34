import { Event, ListensTo, Organ } from '@necrostack/core';
import { ValidatedOrderDto } from '../dto/order.dto';
import { ORDER_FILLED, ORDER_PARTIAL_FILL, ORDER_QUEUED, ORDER_REJECTED, ORDER_VALIDATED, TRADE_EXECUTED } from '../events';
import { OrderBookService, type BookedMatch, type Execution } from '../services/order-book.service';

/**
 * Matches each validated order against its symbol's book (price-time priority; LIMIT and MARKET;
 * partial fills). Emits one TRADE_EXECUTED per fill, then the order's outcome: ORDER_FILLED,
 * ORDER_PARTIAL_FILL (a LIMIT remainder rests in the book), ORDER_QUEUED (nothing matched, the LIMIT
 * order rests) or ORDER_REJECTED (a MARKET order that found no liquidity).
 *
 * The books are the OrderBookService's. Orders must reach the engine in input order: it is the one
 * organ listening to ORDER_VALIDATED, and with concurrency 1 its consumer group is FIFO.
 */
@Organ()
@ListensTo(ORDER_VALIDATED, { payload: ValidatedOrderDto })
export class MatchingEngine {
  constructor(private readonly books: OrderBookService) {}

  handle(event: Event<ValidatedOrderDto>): Event[] {
    const order = event.payload;
    const match = this.books.submit(order.symbol, {
      orderId: order.order_id, traderId: order.trader_id, side: order.side,
      orderType: order.order_type, quantity: order.quantity, price: order.price ?? null,
    });
    return [...match.executions.map(tradeEvent), outcomeEvent(order, match)];
  }
}

function tradeEvent(trade: Execution): Event {
  return new Event(TRADE_EXECUTED, {
    trade_id: trade.tradeId, symbol: trade.symbol, price: trade.price, quantity: trade.quantity,
    buyer_id: trade.buyer, buyer_order: trade.buyerOrder, seller_id: trade.seller, seller_order: trade.sellerOrder,
  });
}

function outcomeEvent(order: ValidatedOrderDto, match: BookedMatch): Event {
  const ref = { order_id: order.order_id, trader_id: order.trader_id, symbol: order.symbol, side: order.side };
  const fills = match.executions.map((t) => ({ trade_id: t.tradeId, price: t.price, quantity: t.quantity }));
  const filled = order.quantity - match.remaining;
  if (match.remaining === 0) {
    const notional = match.executions.reduce((sum, t) => sum + t.price * t.quantity, 0);
    return new Event(ORDER_FILLED, { ...ref, quantity: order.quantity, fills, avg_price: Math.round((notional / filled) * 10_000) / 10_000 });
  }
  if (filled > 0) {
    return new Event(ORDER_PARTIAL_FILL, {
      ...ref, original_quantity: order.quantity, filled_quantity: filled, remaining_quantity: match.remaining, rested: match.rested, fills,
    });
  }
  if (match.rested) return new Event(ORDER_QUEUED, { ...ref, quantity: order.quantity, price: order.price ?? null });
  return new Event(ORDER_REJECTED, { order_id: order.order_id, trader_id: order.trader_id, reason: 'no liquidity for a MARKET order' });
}

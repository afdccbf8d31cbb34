import { OrderBook, type IncomingOrder, type MatchResult, type RestingOrder } from './order-book';

/** A trade as the run reports it, in execution order. */
export interface Execution {
  readonly tradeId: string;
  readonly symbol: string;
  readonly price: number;
  readonly quantity: number;
  readonly buyer: string;
  readonly buyerOrder: string;
  readonly seller: string;
  readonly sellerOrder: string;
}

/** A match, with the trade id of each fill (same order as `fills`). */
export interface BookedMatch extends MatchResult {
  readonly executions: readonly Execution[];
}

/** One resting order, as the book's depth reports it. */
export interface DepthEntry {
  readonly trader: string;
  readonly price: number;
  readonly quantity: number;
}

/** Both sides of one symbol's book, best first. */
export interface BookDepth {
  readonly bids: DepthEntry[];
  readonly asks: DepthEntry[];
}

/**
 * The order books of every symbol, and the trades they produced. One instance per application,
 * injected into the MatchingEngine: no global state, so two runs (or two tests) never share a book.
 *
 * Matching is idempotent by order id: an ORDER_VALIDATED delivered again (at-least-once delivery)
 * gets the result of its first match and leaves the book untouched.
 */
export class OrderBookService {
  private readonly books = new Map<string, OrderBook>();
  private readonly matched = new Map<string, BookedMatch>();
  private readonly log: Execution[] = [];

  /** Matches an order in its symbol's book; trade ids are `T000001`, `T000002`, … in execution order. */
  submit(symbol: string, order: IncomingOrder): BookedMatch {
    const known = this.matched.get(order.orderId);
    if (known) return known;
    const result = this.book(symbol).match(order);
    const executions = result.fills.map(({ resting, price, quantity }): Execution => {
      const buy = order.side === 'BUY';
      const execution: Execution = {
        tradeId: `T${String(this.log.length + 1).padStart(6, '0')}`,
        symbol,
        price,
        quantity,
        buyer: buy ? order.traderId : resting.traderId,
        buyerOrder: buy ? order.orderId : resting.orderId,
        seller: buy ? resting.traderId : order.traderId,
        sellerOrder: buy ? resting.orderId : order.orderId,
      };
      this.log.push(execution);
      return execution;
    });
    const booked = { ...result, executions };
    this.matched.set(order.orderId, booked);
    return booked;
  }

  /** Every trade so far, in execution order. */
  executions(): readonly Execution[] {
    return this.log;
  }

  /** The resting orders of one symbol (empty sides for a symbol never traded). */
  depth(symbol: string): BookDepth {
    const book = this.books.get(symbol);
    if (!book) return { bids: [], asks: [] };
    const { bids, asks } = book.depth();
    return { bids: bids.map(entry), asks: asks.map(entry) };
  }

  /** The depth of every symbol that received an order, by symbol name. */
  allDepths(): Record<string, BookDepth> {
    const symbols = [...this.books.keys()].sort();
    return Object.fromEntries(symbols.map((symbol) => [symbol, this.depth(symbol)]));
  }

  private book(symbol: string): OrderBook {
    let book = this.books.get(symbol);
    if (!book) {
      book = new OrderBook(symbol);
      this.books.set(symbol, book);
    }
    return book;
  }
}

function entry(order: Readonly<RestingOrder>): DepthEntry {
  return { trader: order.traderId, price: order.price, quantity: order.quantity };
}

/**
 * The order book's vocabulary: event types in flow order, the instruments traded, the limits an
 * order must respect. Payload keys are snake_case, as in the original Python NecroStack's wire format.
 */
export const ORDER_SUBMITTED = 'ORDER_SUBMITTED';
export const ORDER_VALIDATED = 'ORDER_VALIDATED';
export const ORDER_REJECTED = 'ORDER_REJECTED';
export const ORDER_QUEUED = 'ORDER_QUEUED';
export const ORDER_PARTIAL_FILL = 'ORDER_PARTIAL_FILL';
export const ORDER_FILLED = 'ORDER_FILLED';
export const TRADE_EXECUTED = 'TRADE_EXECUTED';
export const SETTLEMENT_COMPLETE = 'SETTLEMENT_COMPLETE';
export const RISK_ALERT = 'RISK_ALERT';

/** Every event type, in the order the flow produces them (used to order the counts). */
export const FLOW_ORDER: readonly string[] = [
  ORDER_SUBMITTED, ORDER_VALIDATED, ORDER_REJECTED, ORDER_QUEUED, ORDER_PARTIAL_FILL, ORDER_FILLED,
  TRADE_EXECUTED, SETTLEMENT_COMPLETE, RISK_ALERT,
];

export const SYMBOLS = ['AAPL', 'GOOGL', 'MSFT', 'AMZN', 'TSLA', 'NVDA', 'META'] as const;
export type Ticker = (typeof SYMBOLS)[number];

export const SIDES = ['BUY', 'SELL'] as const;
export type Side = (typeof SIDES)[number];

export const ORDER_TYPES = ['LIMIT', 'MARKET'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** Largest quantity one order may ask for. */
export const MAX_QUANTITY = 10_000;
/** Highest limit price accepted. */
export const MAX_PRICE = 100_000;

import type { Event } from '@necrostack/core';

type Fields = Readonly<Record<string, unknown>>;

const DESCRIBERS: Readonly<Record<string, (p: Fields) => string>> = {
  ORDER_SUBMITTED: (p) => `${str(p.trader_id)} submits ${str(p.side)} ${str(p.quantity)} ${str(p.symbol)} ${price(p)}`,
  ORDER_VALIDATED: (p) => `${str(p.side)} ${str(p.quantity)} ${str(p.symbol)} ${price(p)}`,
  ORDER_REJECTED: (p) => `Rejected: ${str(p.reason)}`,
  ORDER_QUEUED: (p) => `Queued ${str(p.side)} ${str(p.quantity)} ${str(p.symbol)} ${price(p)}`,
  ORDER_PARTIAL_FILL: (p) => `Partial ${str(p.filled_quantity)}/${str(p.original_quantity)} ${str(p.symbol)}`,
  ORDER_FILLED: (p) => `Filled ${str(p.quantity)} ${str(p.symbol)} @ ${str(p.avg_price)}`,
  TRADE_EXECUTED: (p) => `Trade ${str(p.trade_id)}: ${str(p.quantity)} ${str(p.symbol)} @ ${str(p.price)}`,
  SETTLEMENT_COMPLETE: (p) => `Settled ${str(p.trade_id)}: $${Number(p.total_value).toFixed(2)}`,
  RISK_ALERT: (p) => `Alerts: ${Array.isArray(p.alerts) ? p.alerts.length : 0}`,
};

/** One readable line for the audit trail. Tolerant: an event of the flow is recorded whatever its payload holds. */
export function describeEvent(event: Event): string {
  const describe = DESCRIBERS[event.eventType];
  const payload = event.payload as Fields;
  return describe ? describe(payload) : JSON.stringify(payload).slice(0, 60);
}

function str(value: unknown): string {
  return value === undefined || value === null ? '?' : String(value);
}

function price(p: Fields): string {
  return typeof p.price === 'number' && p.price > 0 ? `@ ${p.price}` : 'at market';
}

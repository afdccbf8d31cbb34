/**
 * The saga's event types. Forward flow: ORDER_PLACED → CHARGE_PAYMENT → PAYMENT_PROCESSED →
 * INVENTORY_RESERVED → SHIP_ORDER → ORDER_SHIPPED → ORDER_CONFIRMED. Compensation: PAYMENT_FAILED, or PAYMENT_TIMEOUT when the
 * payment never answers → ORDER_CANCELLED;
 * INVENTORY_FAILED → RELEASE_INVENTORY → REFUND_PAYMENT → ORDER_COMPENSATED. OrderSaga takes the
 * decisions; the other organs do the work. Payload keys are snake_case (the wire format).
 */
export const ORDER_PLACED = 'ORDER_PLACED';
export const CHARGE_PAYMENT = 'CHARGE_PAYMENT';
export const PAYMENT_PROCESSED = 'PAYMENT_PROCESSED';
export const INVENTORY_RESERVED = 'INVENTORY_RESERVED';
export const SHIP_ORDER = 'SHIP_ORDER';
export const ORDER_SHIPPED = 'ORDER_SHIPPED';
export const ORDER_CONFIRMED = 'ORDER_CONFIRMED';
export const PAYMENT_FAILED = 'PAYMENT_FAILED';
/** OrderSaga's timeout: the payment's answer did not come in time (not in FLOW_ORDER: it is not a step). */
export const PAYMENT_TIMEOUT = 'PAYMENT_TIMEOUT';
export const ORDER_CANCELLED = 'ORDER_CANCELLED';
export const INVENTORY_FAILED = 'INVENTORY_FAILED';
export const RELEASE_INVENTORY = 'RELEASE_INVENTORY';
export const REFUND_PAYMENT = 'REFUND_PAYMENT';
export const ORDER_COMPENSATED = 'ORDER_COMPENSATED';

/** Every event type, forward flow first (used to order the counts). */
export const FLOW_ORDER: readonly string[] = [
  ORDER_PLACED, CHARGE_PAYMENT, PAYMENT_PROCESSED, INVENTORY_RESERVED, SHIP_ORDER, ORDER_SHIPPED, ORDER_CONFIRMED,
  PAYMENT_FAILED, ORDER_CANCELLED, INVENTORY_FAILED, RELEASE_INVENTORY, REFUND_PAYMENT, ORDER_COMPENSATED,
];

/** What the shop sells: SKU → unit price in cents. */
export const CATALOG: Readonly<Record<string, number>> = {
  'SKU-LAMP': 4_500,
  'SKU-DESK': 21_900,
  'SKU-CHAIR': 12_900,
  'SKU-SHELF': 8_900,
  'SKU-RUG': 15_500,
};

/** What an order costs, in cents, at catalog prices. */
export function amountCents(items: readonly { readonly sku: string; readonly quantity: number }[]): number {
  return items.reduce((sum, line) => sum + (CATALOG[line.sku] ?? 0) * line.quantity, 0);
}

/**
 * The orders the scenario places, as a client would send them (ORDER_PLACED payloads). With the
 * default credit limit of $100.00: 1001 and 1003 are billed, 1002 is declined, 1004 is invalid
 * (a quantity of 0) and is dead-lettered by its DTO.
 */
export const SCENARIO_ORDERS = [
  {
    order_id: 'ord-1001',
    customer_email: 'alice@example.com',
    lines: [{ sku: 'WIDGET-1', quantity: 2, unit_price_cents: 1999 }, { sku: 'GADGET-7', quantity: 1, unit_price_cents: 500 }],
  },
  { order_id: 'ord-1002', customer_email: 'bob@example.com', lines: [{ sku: 'LAMP-3', quantity: 1, unit_price_cents: 12900 }] },
  { order_id: 'ord-1003', customer_email: 'carol@example.com', lines: [{ sku: 'BOOK-12', quantity: 5, unit_price_cents: 250 }] },
  { order_id: 'ord-1004', customer_email: 'dave@example.com', lines: [{ sku: 'WIDGET-1', quantity: 0, unit_price_cents: 1999 }] },
] as const;

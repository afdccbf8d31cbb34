/**
 * What the demo posts, in order, against the default stock (WIDGET-1: 10, GADGET-2: 3, GIZMO-3: 0):
 * two orders are accepted, two are rejected by ReserveStock, one never gets past validation.
 */
export const SAMPLE_ORDERS: readonly Readonly<Record<string, unknown>>[] = [
  { customerId: 'c-ada', sku: 'WIDGET-1', quantity: 4 }, // accepted: 6 left
  { customerId: 'c-bob', sku: 'GADGET-2', quantity: 2 }, // accepted: 1 left
  { customerId: 'c-cyd', sku: 'GADGET-2', quantity: 2 }, // rejected: only 1 left
  { customerId: 'c-dan', sku: 'GIZMO-3', quantity: 1 }, //  rejected: out of stock
  { customerId: '', sku: 'widget one', quantity: 0 }, //    400: three violations
];

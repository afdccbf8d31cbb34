import type { JsonObject } from '@necrostack/core';
import { CATALOG } from '../events';
import { integerBetween, pick, seededRandom } from '@necrostack/example-support';

/** Customers the generator picks from. */
const CUSTOMERS = 8;

/**
 * `count` orders, the same for the same seed: `ORD-0001`, `ORD-0002`, …, each from one of eight
 * customers, with 1–3 lines of 1–3 units of a catalog SKU.
 */
export function generateOrders(count: number, seed: number): JsonObject[] {
  const random = seededRandom(seed);
  const skus = Object.keys(CATALOG);
  return Array.from({ length: count }, (_, i) => ({
    order_id: `ORD-${String(i + 1).padStart(4, '0')}`,
    customer_id: `customer_${integerBetween(random, 1, CUSTOMERS)}`,
    items: Array.from({ length: integerBetween(random, 1, 3) }, () => ({ sku: pick(random, skus), quantity: integerBetween(random, 1, 3) })),
  }));
}

import type { JsonObject } from '@necrostack/core';
import { loadRecords } from '@necrostack/example-support';

/** CSV columns read as numbers when they hold one (anything else is left for validation to reject). */
const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(['quantity', 'price']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Reads orders from a `.json` file (`{ "orders": [...] }` or a bare array) or a `.csv` file (header
 * `trader_id,symbol,side,order_type,quantity,price`). Orders come back as they are, not validated:
 * validation is the ValidateOrder organ's job, and an invalid order ends as ORDER_REJECTED.
 *
 * @throws InputError when the file cannot be read or parsed.
 */
export function loadOrders(file: string): Promise<JsonObject[]> {
  return loadRecords(file, { listKey: 'orders', fromCsvRow: toOrder });
}

/** A CSV row as the JSON form would have it: numbers as numbers, an empty number column left out. */
function toOrder(row: Record<string, string>): JsonObject {
  const order: Record<string, string | number> = {};
  for (const [column, value] of Object.entries(row)) {
    const trimmed = value.trim();
    if (NUMERIC_COLUMNS.has(column) && trimmed === '') continue;
    order[column] = NUMERIC_COLUMNS.has(column) && NUMBER.test(trimmed) ? Number(trimmed) : value;
  }
  return order;
}

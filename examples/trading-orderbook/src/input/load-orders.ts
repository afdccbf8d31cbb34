import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { JsonObject } from '@necrostack/core';
import { readCsvRecords } from '@necrostack/example-support';
import { InputError } from './input-error';

/** CSV columns read as numbers when they hold one (anything else is left for validation to reject). */
const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(['quantity', 'price']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const PARSERS: Readonly<Record<string, (file: string, text: string) => JsonObject[]>> = { '.json': fromJson, '.csv': fromCsv };

/**
 * Reads orders from a `.json` file (`{ "orders": [...] }` or a bare array) or a `.csv` file (header
 * `trader_id,symbol,side,order_type,quantity,price`). Orders come back as they are, not validated:
 * validation is the ValidateOrder organ's job, and an invalid order ends as ORDER_REJECTED.
 *
 * @throws InputError when the file cannot be read or parsed.
 */
export async function loadOrders(file: string): Promise<JsonObject[]> {
  const parse = PARSERS[extname(file).toLowerCase()];
  if (!parse) throw new InputError(file, 'unsupported file type: use a .json or a .csv file');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${(cause as Error).message})`, { cause });
  }
  return parse(file, text);
}

function fromJson(file: string, text: string): JsonObject[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new InputError(file, `is not valid JSON (${(cause as Error).message})`, { cause });
  }
  const list = Array.isArray(doc) ? doc : (doc as { orders?: unknown } | null)?.orders;
  if (!Array.isArray(list)) throw new InputError(file, 'must hold an array of orders, or { "orders": [...] }');
  return list.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, `order ${index + 1} is not a JSON object`);
    return item as JsonObject;
  });
}

function fromCsv(file: string, text: string): JsonObject[] {
  let rows: Record<string, string>[];
  try {
    rows = readCsvRecords(text);
  } catch (cause) {
    throw new InputError(file, (cause as Error).message, { cause });
  }
  return rows.map((row) => {
    const order: Record<string, string | number> = {};
    for (const [column, value] of Object.entries(row)) {
      const trimmed = value.trim();
      if (NUMERIC_COLUMNS.has(column) && trimmed === '') continue;
      order[column] = NUMERIC_COLUMNS.has(column) && NUMBER.test(trimmed) ? Number(trimmed) : value;
    }
    return order;
  });
}

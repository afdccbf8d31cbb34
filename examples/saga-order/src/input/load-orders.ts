import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { JsonObject } from '@necrostack/core';
import { InputError } from './input-error';

/**
 * Reads orders from a `.json` file: `{ "orders": [...] }` or a bare array of
 * `{ order_id, customer_id, items: [{ sku, quantity }] }`. Orders come back as they are, not
 * validated: an invalid one is dead-lettered by the saga's first step, with its reasons.
 *
 * @throws InputError when the file cannot be read or is not such a JSON document.
 */
export async function loadOrders(file: string): Promise<JsonObject[]> {
  if (extname(file).toLowerCase() !== '.json') throw new InputError(file, 'unsupported file type: use a .json file');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${(cause as Error).message})`, { cause });
  }
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

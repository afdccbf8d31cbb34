import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { JsonObject } from '@necrostack/core';
import { CsvParseError, readCsvRecords } from './csv';
import { InputError } from './input-error';

/** How {@link loadRecords} reads a file of records. */
export interface LoadRecordsOptions {
  /** In a `.json` file, the key of the list: `{ "<listKey>": [...] }` (a bare array is read too). */
  readonly listKey: string;
  /**
   * Turns one row of a `.csv` file (header name → text) into a record: the example's own mapping.
   * Without it, only `.json` files are read.
   */
  readonly fromCsvRow?: (row: Record<string, string>) => JsonObject;
}

/**
 * Reads the records of a `.json` file (`{ "<listKey>": [...] }` or a bare array of objects) or,
 * when `fromCsvRow` is given, of a `.csv` file whose header names the fields. Records come back
 * as they are: validating them is the example's job.
 *
 * @throws InputError naming the file: an unsupported extension, a missing or unreadable file,
 * invalid JSON or CSV (with the line), a list that is not there, an entry that is not an object.
 * @example
 * ```ts
 * const orders = await loadRecords('data/orders.json', { listKey: 'orders' });
 * ```
 */
export async function loadRecords(file: string, options: LoadRecordsOptions): Promise<JsonObject[]> {
  const extension = extname(file).toLowerCase();
  const csv = options.fromCsvRow;
  if (extension === '.csv' && csv) return csvRecords(file, await readText(file)).map(csv);
  if (extension !== '.json') {
    throw new InputError(file, `unsupported file type: use a .json${csv ? ' or a .csv' : ''} file`);
  }
  return jsonRecords(file, parseJson(file, await readText(file)), options.listKey);
}

/**
 * The JSON document in `file`.
 * @throws InputError naming the file when it is missing, unreadable or not valid JSON.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  return parseJson(file, await readText(file));
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(file, missing ? 'no such file' : `cannot be read (${(cause as Error).message})`, { cause });
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InputError(file, `is not valid JSON (${(cause as Error).message})`, { cause });
  }
}

function jsonRecords(file: string, doc: unknown, listKey: string): JsonObject[] {
  const list = Array.isArray(doc) ? doc : (doc as Record<string, unknown> | null)?.[listKey];
  if (!Array.isArray(list)) throw new InputError(file, `must hold an array of ${listKey}, or { "${listKey}": [...] }`);
  return list.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InputError(file, `record ${index + 1} is not a JSON object`);
    }
    return item as JsonObject;
  });
}

function csvRecords(file: string, text: string): Record<string, string>[] {
  try {
    return readCsvRecords(text);
  } catch (cause) {
    if (cause instanceof CsvParseError) throw new InputError(file, cause.message, { cause });
    throw cause;
  }
}

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { JsonObject } from '@necrostack/core';
import { CsvParseError, readCsvRecords } from './csv-parser';
import { InputError } from './input-error';

/** In the CSV form, a record's channels are one field: `email|sms|push`. */
export const CSV_CHANNEL_SEPARATOR = '|';

const PARSERS: Readonly<Record<string, (file: string, text: string) => JsonObject[]>> = { '.json': fromJson, '.csv': fromCsv };

/**
 * Reads notification requests from a `.json` file (`{ "notifications": [...] }` or a bare array) or
 * a `.csv` file (header `user_id,channels,message,priority`). Records are returned as they are, not
 * validated: validation is the pipeline's job, and an invalid record ends as a dead letter.
 *
 * @throws InputError when the file cannot be read or parsed.
 */
export async function loadNotifications(file: string): Promise<JsonObject[]> {
  const parse = PARSERS[extname(file).toLowerCase()];
  if (!parse) throw new InputError(file, 'unsupported file type: use a .json or a .csv file');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputError(file, `cannot be read (${(cause as Error).message})`, { cause });
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
  const list = Array.isArray(doc) ? doc : (doc as { notifications?: unknown } | null)?.notifications;
  if (!Array.isArray(list)) throw new InputError(file, 'must hold an array of notifications, or { "notifications": [...] }');
  return list.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InputError(file, `notification ${index + 1} is not a JSON object`);
    }
    return item as JsonObject;
  });
}

function fromCsv(file: string, text: string): JsonObject[] {
  let rows: Record<string, string>[];
  try {
    rows = readCsvRecords(text);
  } catch (cause) {
    if (cause instanceof CsvParseError) throw new InputError(file, cause.message, { cause });
    throw cause;
  }
  return rows.map((row) => {
    if (row.channels === undefined) return row;
    const channels = row.channels.split(CSV_CHANNEL_SEPARATOR).map((c) => c.trim()).filter((c) => c.length > 0);
    return { ...row, channels };
  });
}

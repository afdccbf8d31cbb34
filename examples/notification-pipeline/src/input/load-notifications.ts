import type { JsonObject } from '@necrostack/core';
import { loadRecords } from '@necrostack/example-support';

/** In the CSV form, a record's channels are one field: `email|sms|push`. */
export const CSV_CHANNEL_SEPARATOR = '|';

/**
 * Reads notification requests from a `.json` file (`{ "notifications": [...] }` or a bare array) or
 * a `.csv` file (header `user_id,channels,message,priority`). Records are returned as they are, not
 * validated: validation is the pipeline's job, and an invalid record ends as a dead letter.
 *
 * @throws InputError when the file cannot be read or parsed.
 */
export function loadNotifications(file: string): Promise<JsonObject[]> {
  return loadRecords(file, { listKey: 'notifications', fromCsvRow: splitChannels });
}

function splitChannels(row: Record<string, string>): JsonObject {
  if (row.channels === undefined) return row;
  const channels = row.channels.split(CSV_CHANNEL_SEPARATOR).map((c) => c.trim()).filter((c) => c.length > 0);
  return { ...row, channels };
}

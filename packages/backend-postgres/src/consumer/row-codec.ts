import { Event, MalformedEntryError, type Delivery } from '@necrostack/core';

/** A delivery row as the claim returns it, with its event's columns (null when the event row is gone). */
export interface ClaimedRow {
  readonly group_name: string;
  readonly seq: string;
  readonly token: string;
  readonly attempt: number;
  readonly recovered: boolean;
  readonly done: boolean;
  readonly body: string | null;
  readonly meta: string | null;
}

/** The delivery id of a claim: the event's `seq` and the claim's token, which every settle must present. */
export function deliveryIdOf(seq: string, token: string): string {
  return `${seq}:${token}`;
}

/** The `seq` and token of a delivery id, or undefined for one this backend did not make. */
export function parseDeliveryId(deliveryId: string): { seq: string; token: string } | undefined {
  const match = /^(\d+):(\d+)$/.exec(deliveryId);
  return match ? { seq: match[1]!, token: match[2]! } : undefined;
}

/**
 * The delivery of a claimed row: its event, decoded from `body` (the original's four keys) and
 * `meta` (lineage, headers); or, when that fails, a malformed delivery holding the row's text,
 * which the Spine dead-letters.
 */
export function toDelivery(row: ClaimedRow): Delivery {
  const base = { deliveryId: deliveryIdOf(row.seq, row.token), group: row.group_name, attempt: row.attempt };
  if (row.body === null) {
    return { ...base, kind: 'malformed', raw: '', error: new MalformedEntryError(`the event row (seq ${row.seq}) of this delivery is gone`) };
  }
  try {
    const event = Event.fromParsedJSON(JSON.parse(row.body) as unknown, row.meta === null ? undefined : (JSON.parse(row.meta) as unknown));
    return { ...base, kind: 'event', event };
  } catch (cause) {
    const reason = cause instanceof SyntaxError ? `the body is not valid JSON (${cause.message})` : (cause as Error).message;
    return { ...base, kind: 'malformed', raw: row.body, error: new MalformedEntryError(reason, { cause }) };
  }
}

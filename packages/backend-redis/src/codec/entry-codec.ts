import { isUtf8 } from 'node:buffer';
import { Event, MAX_EVENT_TYPE_LENGTH, MalformedEntryError, type EncodedEvent } from '@necrostack/core';

/**
 * The field of a stream entry in the wire format shared with the Python NecroStack: the event's
 * JSON with exactly `id`, `timestamp`, `event_type` and `payload`, which is all the original accepts.
 */
export const EVENT_FIELD = 'event';
/** NecroStack's own metadata (lineage, headers) as JSON, beside `event`; the original does not read it. */
export const META_FIELD = 'meta';

// What node-redis makes of bytes that are not UTF-8 when it decodes a reply into a string.
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * A stream entry as Redis returns it in RESP2: its id and flat field/value list (null if deleted).
 * @example
 * ```ts
 * const [entry] = (await redis.sendCommand(['XRANGE', backend.keys.dlq, '-', '+', 'COUNT', '1'])) as RawEntry[];
 * ```
 */
export type RawEntry = readonly [id: string, fields: readonly string[] | null];

/** A decoded entry: an event, or what could not be decoded. */
export type DecodedEntry =
  | { readonly kind: 'event'; readonly event: Event }
  | { readonly kind: 'malformed'; readonly raw: string; readonly error: MalformedEntryError };

/** The stream entry fields of an event: `event`, and `meta` when it has lineage or headers. */
export function eventFields({ event, meta }: EncodedEvent): string[] {
  return meta === undefined ? [EVENT_FIELD, event] : [EVENT_FIELD, event, META_FIELD, meta];
}

/**
 * Decodes an entry's fields, skipping the cost of building an Event when `wanted` (the group's
 * event types) lacks its type. An entry whose type cannot be read, is not a valid event type
 * (empty, blank, too long) or is ambiguous (two `event` fields) is always decoded, as malformed:
 * every group that reads the stream dead-letters it, so it never vanishes as "no organ listens".
 * Returns undefined for a skipped entry.
 */
export function decodeEntry(fields: readonly string[] | null, wanted: { has(eventType: string): boolean }): DecodedEntry | undefined {
  if (fields === null) return undefined;
  const text = fieldOf(fields, EVENT_FIELD);
  if (text === undefined) {
    return malformed(describeFields(fields), `no "${EVENT_FIELD}" field (fields: ${fieldNames(fields)})`);
  }
  // The one-field entry every NecroStack writes skips the scan for a second `event` field.
  const count = fields.length > 2 ? countOf(fields, EVENT_FIELD) : 1;
  if (count > 1) return malformed(JSON.stringify(fields), `${count} "${EVENT_FIELD}" fields, where one is expected (fields: ${fieldNames(fields)})`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    return malformed(text, `the "${EVENT_FIELD}" field is not valid JSON`, cause);
  }
  const type = typeof data === 'object' && data !== null ? (data as { event_type?: unknown }).event_type : undefined;
  if (typeof type === 'string' && !wanted.has(type)) {
    const trimmed = type.trim();
    if (!wanted.has(trimmed) && trimmed.length > 0 && trimmed.length <= MAX_EVENT_TYPE_LENGTH) return undefined;
  }
  const metaText = fieldOf(fields, META_FIELD);
  let meta: unknown;
  if (metaText !== undefined) {
    try {
      meta = JSON.parse(metaText);
    } catch (cause) {
      return malformed(text, `the "${META_FIELD}" field is not valid JSON`, cause);
    }
  }
  try {
    return { kind: 'event', event: Event.fromParsedJSON(data, meta) };
  } catch (cause) {
    return malformed(text, cause instanceof Error ? cause.message : String(cause), cause);
  }
}

/**
 * The text of the `event` field when it holds U+FFFD: either a real U+FFFD or bytes that are not
 * UTF-8, which only the entry's bytes can tell apart (see {@link invalidUtf8Bytes}).
 */
export function replacedText(fields: readonly string[]): string | undefined {
  const text = fieldOf(fields, EVENT_FIELD);
  return text !== undefined && text.includes(REPLACEMENT_CHARACTER) ? text : undefined;
}

/** The bytes of the `event` field of an entry read as bytes, when they are not valid UTF-8. */
export function invalidUtf8Bytes(fields: readonly Buffer[]): Buffer | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if ((fields[i] as Buffer).toString() !== EVENT_FIELD) continue;
    const bytes = fields[i + 1] as Buffer;
    return isUtf8(bytes) ? undefined : bytes;
  }
  return undefined;
}

/**
 * The decoded form of an entry whose `event` field is not UTF-8: `raw` is its lossy text, and the
 * error keeps the exact `bytes` for the dead letter (which is then never replayed).
 */
export function notUtf8(raw: string, bytes: Uint8Array): DecodedEntry {
  return { kind: 'malformed', raw, error: new MalformedEntryError(`the "${EVENT_FIELD}" field is not valid UTF-8`, { bytes }) };
}

/** The value of `name` in a flat field/value list. */
export function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** How many times `name` is a field (an even index) of a flat field/value list. */
function countOf(fields: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) count++;
  return count;
}

/** A flat field/value list as an object. */
export function fieldMap(fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i] as string] = fields[i + 1] as string;
  return out;
}

function malformed(raw: string, reason: string, cause?: unknown): DecodedEntry {
  return { kind: 'malformed', raw, error: new MalformedEntryError(reason, cause === undefined ? {} : { cause }) };
}

function describeFields(fields: readonly string[]): string {
  return JSON.stringify(fieldMap(fields));
}

function fieldNames(fields: readonly string[]): string {
  const names: string[] = [];
  for (let i = 0; i < fields.length; i += 2) names.push(fields[i] as string);
  return names.length === 0 ? 'none' : names.join(', ');
}

import { EventValidationError } from '../errors';

/** An event's headers: trace context (`traceparent`, `tracestate`) and user metadata, as strings. */
export type EventHeaders = Readonly<Record<string, string>>;

/** The longest header name accepted, in characters. */
export const MAX_HEADER_NAME_LENGTH = 256;
/** The most bytes of UTF-8 JSON all of an event's headers may take together. */
export const MAX_HEADERS_BYTES = 16_384;

/** What events without headers share: one frozen empty object. */
export const NO_HEADERS: EventHeaders = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * A frozen copy of `headers` (a plain object of string values), or {@link NO_HEADERS} when empty.
 * The copy has no prototype, so a header named `__proto__` or `constructor` is just a header.
 */
export function checkHeaders(headers: unknown, field = 'headers'): EventHeaders {
  if (headers === undefined || headers === null) return NO_HEADERS;
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw new EventValidationError(field, `must be an object of string values, got ${Array.isArray(headers) ? 'an array' : typeof headers}`);
  }
  const copy = Object.create(null) as Record<string, string>;
  // An upper bound of the JSON size (a UTF-16 unit takes at most 6 bytes escaped): exact only when needed.
  let bound = 2;
  let count = 0;
  for (const name of Object.keys(headers)) {
    const value = (headers as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (name.length === 0 || name.length > MAX_HEADER_NAME_LENGTH) {
      throw new EventValidationError(field, `names must be non-empty strings of at most ${MAX_HEADER_NAME_LENGTH} characters, got ${JSON.stringify(name.slice(0, 40))}`);
    }
    if (typeof value !== 'string') {
      throw new EventValidationError(`${field}.${name}`, `must be a string, got ${value === null ? 'null' : typeof value}`);
    }
    bound += (name.length + value.length) * 6 + 6;
    copy[name] = value;
    count++;
  }
  if (count === 0) return NO_HEADERS;
  if (bound > MAX_HEADERS_BYTES) {
    const exact = Buffer.byteLength(JSON.stringify(copy));
    if (exact > MAX_HEADERS_BYTES) throw new EventValidationError(field, `take ${exact} bytes of JSON, over the limit of ${MAX_HEADERS_BYTES}`);
  }
  return Object.freeze(copy);
}

/** Whether an event carries headers. */
export function hasHeaders(headers: EventHeaders): boolean {
  return headers !== NO_HEADERS;
}

import { EventValidationError } from '../errors';
import { randomUuid } from './random-uuid';

/** The longest event type accepted, in characters. */
export const MAX_EVENT_TYPE_LENGTH = 256;
// ISO 8601 date-times without an offset are read as UTC, as the original NecroStack writes them.
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const MAX_DATE_MS = 8.64e15;

export function checkEventType(eventType: unknown, field = 'eventType'): string {
  if (typeof eventType !== 'string') {
    throw new EventValidationError(field, `must be a string, got ${typeof eventType}`);
  }
  const trimmed = eventType.trim();
  if (trimmed.length === 0) throw new EventValidationError(field, 'must not be empty');
  if (trimmed.length > MAX_EVENT_TYPE_LENGTH) {
    throw new EventValidationError(field, `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`);
  }
  return trimmed;
}

export function checkId(id: unknown, field = 'id'): string {
  if (id === undefined) return randomUuid();
  const shape = typeof id === 'string' ? uuidShape(id) : NOT_UUID;
  if (shape === NOT_UUID) {
    // Only a string is quoted back: JSON.stringify throws on a BigInt or a cycle.
    const got = typeof id === 'string' ? JSON.stringify(id) : id === null ? 'null' : typeof id;
    throw new EventValidationError(field, `must be a UUID v4 (8-4-4-4-12 hex digits, version 4, RFC 4122 variant), got ${got}`,
      { help: 'Leave id out to get a fresh one (a random version 4 UUID); the original Python NecroStack accepts only version 4 ids.' });
  }
  return shape === LOWERCASE_UUID ? (id as string) : (id as string).toLowerCase();
}

const NOT_UUID = 0;
const LOWERCASE_UUID = 1;
const MIXED_CASE_UUID = 2;

// Where a UUID holds its version digit (4 for random UUIDs) and its variant digit (8, 9, a or b).
const VERSION_AT = 14;
const VARIANT_AT = 19;

/** Per ASCII code: LOWERCASE_UUID for 0-9 and a-f, MIXED_CASE_UUID for A-F, NOT_UUID for the rest. */
const HEX_DIGIT_CASE = ((): Uint8Array => {
  const table = new Uint8Array(128);
  for (const [from, to, shape] of [['0', '9', LOWERCASE_UUID], ['a', 'f', LOWERCASE_UUID], ['A', 'F', MIXED_CASE_UUID]] as const) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) table[c] = shape;
  }
  return table;
})();

/**
 * Whether `id` is a version 4 UUID in 8-4-4-4-12 hex digits, and in which case: a table lookup per
 * digit, as ids are checked on every decode. Version 4 only, as the original NecroStack's pydantic
 * `UUID4` requires.
 */
function uuidShape(id: string): number {
  if (id.length !== 36) return NOT_UUID;
  if (id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45 /* - */) return NOT_UUID;
  if (id.charCodeAt(VERSION_AT) !== 52 /* 4 */ || !isVariantDigit(id.charCodeAt(VARIANT_AT))) return NOT_UUID;
  let shape = LOWERCASE_UUID;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) continue;
    const c = id.charCodeAt(i);
    const digitCase = c < 128 ? (HEX_DIGIT_CASE[c] as number) : NOT_UUID;
    if (digitCase === NOT_UUID) return NOT_UUID;
    if (digitCase > shape) shape = digitCase;
  }
  return shape;
}

/** 8, 9, a, b (A, B): the RFC 4122 variant. */
function isVariantDigit(c: number): boolean {
  return c === 56 || c === 57 || c === 97 || c === 98 || c === 65 || c === 66;
}

export function checkTimestamp(timestamp: unknown, field = 'timestamp'): number {
  if (timestamp === undefined) return Date.now();
  let ms: number;
  if (timestamp instanceof Date) ms = timestamp.getTime();
  else if (typeof timestamp === 'number') ms = timestamp;
  else if (typeof timestamp === 'string') ms = parseCanonicalUtc(timestamp) ?? Date.parse(HAS_OFFSET.test(timestamp) ? timestamp : `${timestamp}Z`);
  else throw new EventValidationError(field, `must be a Date, an ISO 8601 string or epoch milliseconds`);
  // Beyond ±8.64e15 ms a Date is invalid: accepting it would make toJSON() throw a RangeError later.
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new EventValidationError(field, `is not a valid date: ${String(timestamp)}`);
  }
  return ms;
}

/**
 * The epoch ms of the delivery time an init asks for: `deliverAt` as given, or `delayMs` from now
 * (rounded up to the next millisecond, so never earlier than asked); undefined when neither is given.
 */
export function checkDeliverAt(deliverAt: unknown, delayMs: unknown): number | undefined {
  if (delayMs === undefined || delayMs === null) return deliverAt === undefined || deliverAt === null ? undefined : checkTimestamp(deliverAt, 'deliverAt');
  if (deliverAt !== undefined && deliverAt !== null) {
    throw new EventValidationError('delayMs', 'cannot be given with deliverAt: give one of them', {
      help: 'deliverAt is a point in time (a Date); delayMs is a delay from now, in milliseconds.',
    });
  }
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > MAX_DATE_MS) {
    throw new EventValidationError('delayMs', `must be a finite number of milliseconds ≥ 0, got ${typeof delayMs === 'number' ? String(delayMs) : typeof delayMs}`);
  }
  return checkTimestamp(Math.ceil(Date.now() + delayMs), 'delayMs');
}

export function checkOptionalRef(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_EVENT_TYPE_LENGTH) {
    throw new EventValidationError(field, `must be a non-empty string of at most ${MAX_EVENT_TYPE_LENGTH} characters`);
  }
  return value;
}

export function checkDepth(value: unknown, field = 'causationDepth'): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new EventValidationError(field, 'must be a non-negative integer');
  }
  return value === 0 ? 0 : value; // -0 would not survive the wire form
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS.sssZ` (what `toISOString()` and NecroStack write), or undefined
 * for any other form, which `Date.parse` reads. Same result as `Date.parse` for what it accepts
 * (day 1–31 rolls over into the next month there too); it skips the general parser on every decode.
 */
function parseCanonicalUtc(text: string): number | undefined {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = digits(text, 20, 3);
  // A field that is not all digits is -1. Date.UTC reads years 0–99 as 1900–1999: leave those to Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return undefined;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1_000 + millis;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (year ≥ 1), as Date.UTC counts them, day
 * overflow included (February 31 is March 2 or 3); plain arithmetic, after H. Hinnant's algorithm.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1; // from March 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal number of `length` digits at `start`, or -1 when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

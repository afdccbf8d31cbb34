import { randomUUID } from 'node:crypto';
import { EventValidationError } from '../errors';

/** The longest event type accepted, in characters. */
export const MAX_EVENT_TYPE_LENGTH = 256;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
  if (id === undefined) return randomUUID();
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) {
    // Only a string is quoted back: JSON.stringify throws on a BigInt or a cycle.
    const got = typeof id === 'string' ? JSON.stringify(id) : id === null ? 'null' : typeof id;
    throw new EventValidationError(field, `must be a UUID (8-4-4-4-12 hex digits), got ${got}`);
  }
  return id.toLowerCase();
}

export function checkTimestamp(timestamp: unknown, field = 'timestamp'): number {
  if (timestamp === undefined) return Date.now();
  let ms: number;
  if (timestamp instanceof Date) ms = timestamp.getTime();
  else if (typeof timestamp === 'number') ms = timestamp;
  else if (typeof timestamp === 'string') ms = Date.parse(HAS_OFFSET.test(timestamp) ? timestamp : `${timestamp}Z`);
  else throw new EventValidationError(field, `must be a Date, an ISO 8601 string or epoch milliseconds`);
  // Beyond ±8.64e15 ms a Date is invalid: accepting it would make toJSON() throw a RangeError later.
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new EventValidationError(field, `is not a valid date: ${String(timestamp)}`);
  }
  return ms;
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

import { EventValidationError } from '../errors';

/** A JSON value as NecroStack stores it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
/** A JSON object: the shape of every event payload. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** The largest payload accepted, in bytes of UTF-8 JSON. */
export const MAX_PAYLOAD_BYTES = 1_000_000;
/** The deepest nesting accepted in a payload (objects and arrays). */
export const MAX_PAYLOAD_DEPTH = 256;

/** A payload copied into frozen plain objects, with its JSON text (reused by every encoder). */
export interface FrozenPayload {
  readonly value: JsonObject;
  readonly json: string;
}

/**
 * Copies `input` into deeply frozen plain objects, rejecting anything JSON cannot carry exactly
 * (NaN, Infinity, functions, symbols, BigInt, class instances, cycles) and payloads over the limits.
 * A copy, so the caller's object stays theirs and stays mutable.
 */
export function freezePayload(input: unknown): FrozenPayload {
  if (!isPlainObject(input)) {
    throw new EventValidationError('payload', `must be a plain object, got ${describe(input)}`);
  }
  const value = copyValue(input, 'payload', 0, new Set()) as JsonObject;
  const json = JSON.stringify(value);
  if (json.length > MAX_PAYLOAD_BYTES / 3 && Buffer.byteLength(json, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new EventValidationError(
      'payload',
      `is ${Buffer.byteLength(json, 'utf8')} bytes of JSON, over the limit of ${MAX_PAYLOAD_BYTES}`,
      { help: 'Keep events small: store large data elsewhere and put its reference in the payload.' },
    );
  }
  return { value, json };
}

function copyValue(value: unknown, path: string, depth: number, ancestors: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw new EventValidationError(path, `must be a finite number, got ${value}`);
    case 'object':
      if (value === null) return null;
      return copyContainer(value, path, depth + 1, ancestors);
    default:
      throw new EventValidationError(path, `must be JSON-safe, got ${describe(value)}`);
  }
}

function copyContainer(value: object, path: string, depth: number, ancestors: Set<object>): JsonValue {
  if (depth > MAX_PAYLOAD_DEPTH) {
    throw new EventValidationError(path, `is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  }
  if (ancestors.has(value)) throw new EventValidationError(path, 'is a circular reference');
  ancestors.add(value);
  let copy: JsonValue;
  if (Array.isArray(value)) {
    const items: JsonValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) throw new EventValidationError(`${path}[${i}]`, 'must not be undefined');
      items[i] = copyValue(value[i], `${path}[${i}]`, depth, ancestors);
    }
    copy = Object.freeze(items);
  } else if (isPlainObject(value)) {
    copy = Object.freeze(copyObject(value, path, depth, ancestors));
  } else {
    throw new EventValidationError(path, `must be a plain object or array, got ${describe(value)}`, {
      help: 'Convert class instances (Date, Map, Buffer…) to JSON values first, e.g. date.toISOString().',
    });
  }
  ancestors.delete(value);
  return copy;
}

function copyObject(value: object, path: string, depth: number, ancestors: Set<object>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    // Like JSON.stringify, a property whose value is undefined is absent from the event.
    if (item === undefined) continue;
    const copied = copyValue(item, `${path}.${key}`, depth, ancestors);
    // Assigning '__proto__' would set the prototype; define it as the own data property JSON has.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = copied;
    }
  }
  return out;
}

/** True for `{}`-literal-like objects: prototype `Object.prototype` or `null`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  if (typeof value === 'bigint') return 'a BigInt';
  return `a ${typeof value}`;
}

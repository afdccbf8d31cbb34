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

/** A rule broken somewhere inside the payload; the path is built while it travels up. */
class PayloadRuleError {
  readonly path: string[] = [];
  constructor(readonly rule: string, readonly help?: string) {}
}

/** The state of one walk over a payload. */
interface Walk {
  /** Running upper bound of the payload's UTF-8 JSON size, so most payloads need no JSON.stringify. */
  bytes: number;
  /** Whether containers are copied (else frozen in place). */
  readonly copy: boolean;
  /**
   * The containers on the path from the root, from `ancestorsFrom` on: meeting one of them again is
   * a cycle. Undefined in place: what `JSON.parse` returned has no cycles.
   */
  readonly ancestors: object[] | undefined;
  /** Where this walk's path starts in `ancestors` (a getter may start a walk inside another). */
  readonly ancestorsFrom: number;
}

/**
 * The path stack every copying walk shares: walks are synchronous, each pushes and pops its own
 * part and cuts the stack back to where it started, even when it throws. One array for all, so a
 * payload costs no array of its own.
 */
const PATH: object[] = [];

// Upper bounds in bytes: a UTF-16 unit takes at most 6 bytes of JSON (an escape like \u001f);
// a number at most 24 characters.
const MAX_BYTES_PER_CHAR = 6;
const MAX_NUMBER_BYTES = 24;

/**
 * Copies `input` into deeply frozen plain objects, rejecting anything JSON cannot carry exactly
 * (NaN, Infinity, functions, symbols, BigInt, class instances, cycles) and payloads over the limits.
 * A copy, so the caller's object stays theirs and stays mutable.
 */
export function freezePayload(input: unknown): JsonObject {
  return checkedPayload(input, true);
}

/**
 * Like {@link freezePayload} for a value `JSON.parse` has just returned and its caller hands over:
 * the same rules, but frozen in place instead of copied.
 */
export function freezeParsedPayload(input: unknown): JsonObject {
  return checkedPayload(input, false);
}

function checkedPayload(input: unknown, copy: boolean): JsonObject {
  if (!isPlainObject(input)) {
    throw new EventValidationError('payload', `must be a plain object, got ${describe(input)}`);
  }
  let value: JsonObject;
  const walk: Walk = { bytes: 0, copy, ancestors: copy ? PATH : undefined, ancestorsFrom: PATH.length };
  try {
    value = freezeObject(input, 1, walk);
  } catch (error) {
    if (!(error instanceof PayloadRuleError)) throw error;
    const field = `payload${error.path.reverse().join('')}`;
    throw new EventValidationError(field, error.rule, error.help === undefined ? {} : { help: error.help });
  } finally {
    // Only after a throw: setting the length shrinks the array's store, which the next push regrows.
    if (copy && PATH.length !== walk.ancestorsFrom) PATH.length = walk.ancestorsFrom;
  }
  if (walk.bytes > MAX_PAYLOAD_BYTES) {
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new EventValidationError('payload', `is ${bytes} bytes of JSON, over the limit of ${MAX_PAYLOAD_BYTES}`,
        { help: 'Keep events small: store large data elsewhere and put its reference in the payload.' });
    }
  }
  return value;
}

function freezeValue(value: unknown, depth: number, walk: Walk): JsonValue {
  switch (typeof value) {
    case 'string':
      walk.bytes += 2 + value.length * MAX_BYTES_PER_CHAR;
      return value;
    case 'boolean':
      walk.bytes += 5;
      return value;
    case 'number':
      walk.bytes += MAX_NUMBER_BYTES;
      if (Number.isFinite(value)) return value;
      throw new PayloadRuleError(`must be a finite number, got ${value}`);
    case 'object':
      walk.bytes += 4;
      if (value === null) return null;
      if (depth >= MAX_PAYLOAD_DEPTH) throw new PayloadRuleError(`is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
      if (walk.ancestors && isAncestor(value, walk.ancestors, walk.ancestorsFrom)) throw new PayloadRuleError('is a circular reference');
      if (Array.isArray(value)) return freezeArray(value, depth + 1, walk);
      if (isPlainObject(value)) return freezeObject(value, depth + 1, walk);
      throw new PayloadRuleError(`must be a plain object or array, got ${describe(value)}`,
        'Convert class instances (Date, Map, Buffer…) to JSON values first, e.g. date.toISOString().');
    default:
      throw new PayloadRuleError(`must be JSON-safe, got ${describe(value)}`);
  }
}

function isAncestor(value: object, ancestors: readonly object[], from: number): boolean {
  for (let i = ancestors.length - 1; i >= from; i--) if (ancestors[i] === value) return true;
  return false;
}

function freezeArray(value: unknown[], depth: number, walk: Walk): readonly JsonValue[] {
  walk.ancestors?.push(value);
  walk.bytes += value.length;
  const items: JsonValue[] = walk.copy ? new Array(value.length) : (value as JsonValue[]);
  for (let i = 0; i < value.length; i++) {
    try {
      if (value[i] === undefined) throw new PayloadRuleError('must not be undefined');
      items[i] = freezeValue(value[i], depth, walk);
    } catch (error) {
      throw withSegment(error, `[${i}]`);
    }
  }
  walk.ancestors?.pop();
  return Object.freeze(items);
}

function freezeObject(value: Record<string, unknown>, depth: number, walk: Walk): JsonObject {
  walk.ancestors?.push(value);
  walk.bytes += 2;
  const out: Record<string, JsonValue> = walk.copy ? {} : (value as Record<string, JsonValue>);
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const item = value[key];
    // Like JSON.stringify, a property whose value is undefined is absent from the event.
    if (item === undefined) continue;
    walk.bytes += 4 + key.length * MAX_BYTES_PER_CHAR;
    let frozen: JsonValue;
    try {
      frozen = freezeValue(item, depth, walk);
    } catch (error) {
      throw withSegment(error, `.${key}`);
    }
    if (!walk.copy) continue; // in place: `frozen` is `item` (frozen if it is a container)
    // Assigning '__proto__' would set the prototype; define it as the own data property JSON has.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: frozen, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = frozen;
    }
  }
  walk.ancestors?.pop();
  return Object.freeze(out);
}

function withSegment(error: unknown, segment: string): unknown {
  if (error instanceof PayloadRuleError) error.path.push(segment);
  return error;
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

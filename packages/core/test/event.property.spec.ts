// Property-based tests of Event validation and of the wire round trip (fast-check).
import { Event, EventValidationError } from '../src';
import fc from 'fast-check';
import { jsonValue, key } from './wire-arbitraries';

const RUNS = 1_000;

const payload = fc.dictionary(key, jsonValue, { maxKeys: 6 }) as fc.Arbitrary<Record<string, unknown>>;
const eventType = fc.string({ unit: 'binary', minLength: 1, maxLength: 256 }).filter((s) => s.trim().length > 0 && s.trim().length <= 256);
const timestamp = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true });
const uuid = fc.uuid({ version: 4 }).chain((id) => fc.constantFrom(id, id.toUpperCase()));
const init = fc.record(
  {
    id: uuid,
    timestamp,
    correlationId: uuid,
    causationId: fc.string({ minLength: 1, maxLength: 256 }),
    causationDepth: fc.nat(),
  },
  { requiredKeys: [] },
);

/** What JSON makes of a value: -0 becomes 0, undefined properties disappear. */
function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function fields(event: Event<object>) {
  return {
    id: event.id, timestamp: event.timestamp.getTime(), eventType: event.eventType, payload: viaJson(event.payload),
    correlationId: event.correlationId, causationId: event.causationId, causationDepth: event.causationDepth,
  };
}

/** JSON text of `value`, or '' when JSON.stringify cannot write it (a BigInt). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Runs `fn`; it may succeed, but when it throws the error must be an EventValidationError. */
function onlyValidationErrors(fn: () => unknown): Event | undefined {
  try {
    return fn() as Event;
  } catch (error) {
    if (!(error instanceof EventValidationError)) {
      throw new Error(`expected EventValidationError, got ${String(error)}`, { cause: error });
    }
    return undefined;
  }
}

/** Puts `leaf` at the end of `path` inside a valid JSON tree; the top is always an object. */
function plant(path: readonly (string | number)[], leaf: unknown, siblings: Record<string, unknown>): Record<string, unknown> {
  let inner = leaf;
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i] as string | number;
    if (typeof step === 'number') {
      const list: unknown[] = Array.from({ length: step % 4 }, (_, n) => n);
      list.push(inner);
      inner = list;
    } else {
      const obj: Record<string, unknown> = { ...siblings };
      Object.defineProperty(obj, step, { value: inner, enumerable: true, writable: true, configurable: true });
      inner = obj;
    }
  }
  const top: Record<string, unknown> = { ...siblings };
  Object.defineProperty(top, 'root', { value: inner, enumerable: true, writable: true, configurable: true });
  return top;
}

class Order {
  constructor(readonly id = 1) {}
}

const invalidLeaf = fc.oneof(
  fc.constantFrom<unknown>(
    Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, () => 1, Symbol('s'), BigInt(1),
    new Date(0), new Map(), new Set(), new Order(), /re/, new Uint8Array(1), Buffer.from('x'), new Error('e'),
    Promise.resolve(1), new WeakMap(), Object(1), Object('s'),
  ),
  // undefined is only invalid inside an array (an undefined property is dropped).
  fc.nat(3).map((n) => [...Array.from({ length: n }, () => 0), undefined]),
);

describe('Event (property-based)', () => {
  it('round-trips any JSON payload through toJSON/fromJSON and JSON.stringify', () => {
    fc.assert(
      fc.property(eventType, payload, init, (type, data, options) => {
        const event = new Event(type, data, options);
        const expected = fields(event);
        expect(expected.payload).toEqual(viaJson(data));
        expect(fields(Event.fromJSON(event.toJSON()))).toEqual(expected);
        expect(fields(Event.fromJSON(JSON.stringify(event)))).toEqual(expected);
        // The wire text is stable: reading and writing again gives the same text.
        expect(JSON.stringify(Event.fromJSON(JSON.stringify(event)))).toBe(JSON.stringify(event));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps __proto__ and other prototype-named keys as plain data, without polluting prototypes', () => {
    fc.assert(
      fc.property(payload, (data) => {
        const event = Event.fromJSON(JSON.stringify(new Event('T', data)));
        expect(Object.keys(event.payload).sort()).toEqual(Object.keys(data).sort());
        expect(Object.getPrototypeOf(event.payload)).toBe(Object.prototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('freezes every object and array of any payload', () => {
    const allFrozen = (value: unknown): boolean =>
      typeof value !== 'object' || value === null ||
      (Object.isFrozen(value) && Object.keys(value).every((k) => allFrozen((value as Record<string, unknown>)[k])));
    fc.assert(fc.property(payload, (data) => allFrozen(new Event('T', data).payload)), { numRuns: 300 });
  });

  it('rejects an invalid value anywhere in a payload with an EventValidationError on the payload', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.nat(5)), { maxLength: 6 }),
        invalidLeaf,
        fc.dictionary(fc.string({ maxLength: 4 }), jsonValue, { maxKeys: 3 }),
        (path, leaf, siblings) => {
          const data = plant(path, leaf, siblings);
          let error: unknown;
          try {
            new Event('T', data);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(EventValidationError);
          expect((error as EventValidationError).field).toMatch(/^payload\.root/);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rejects a cycle anywhere in a payload', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.nat(), (path, back) => {
        const chain: Record<string, unknown>[] = [{}];
        for (const step of path) {
          const next = {};
          Object.defineProperty(chain[chain.length - 1], step, { value: next, enumerable: true });
          chain.push(next);
        }
        (chain[chain.length - 1] as Record<string, unknown>).loop = chain[back % chain.length];
        expect(() => new Event('T', chain[0])).toThrow(EventValidationError);
      }),
      { numRuns: 300 },
    );
  });

  const anything = fc.anything({
    withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
    withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true,
  });
  const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(8.64e15, 8.64e15 + 1, -8.64e15 - 1, 1e20, -0));

  it('throws nothing but EventValidationError for any constructor input, and what it accepts survives the wire', () => {
    fc.assert(
      fc.property(
        fc.oneof(eventType, anything),
        fc.oneof(payload, anything),
        fc.record(
          {
            id: fc.oneof(uuid, anything),
            timestamp: fc.oneof(timestamp, anyNumber, fc.string(), anything, timestamp.map((d) => d.toISOString())),
            correlationId: fc.oneof(uuid, anything),
            causationId: fc.oneof(uuid, anything),
            causationDepth: fc.oneof(fc.nat(), anyNumber, anything),
          },
          { requiredKeys: [] },
        ),
        (type, data, options) => {
          const event = onlyValidationErrors(() => new Event(type as string, data as object, options as never));
          if (event) expect(fields(Event.fromJSON(JSON.stringify(event)))).toEqual(fields(event));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('throws nothing but EventValidationError for any wire input', () => {
    const wire = fc.record(
      {
        id: fc.oneof(uuid, anything),
        timestamp: fc.oneof(timestamp.map((d) => d.toISOString()), fc.string(), anything),
        event_type: fc.oneof(eventType, anything),
        payload: fc.oneof(payload, anything),
        correlation_id: anything,
        causation_id: anything,
        causation_depth: fc.oneof(fc.nat(), anything),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(wire, anything, fc.string(), wire.map(jsonText)), (input) => {
        const event = onlyValidationErrors(() => Event.fromJSON(input));
        if (event) expect(fields(Event.fromJSON(event.toJSON()))).toEqual(fields(event));
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts exactly the timestamps a Date can hold', () => {
    fc.assert(
      fc.property(anyNumber, (ms) => {
        const event = onlyValidationErrors(() => new Event('T', {}, { timestamp: ms }));
        expect(event !== undefined).toBe(Number.isFinite(new Date(ms).getTime()));
      }),
      { numRuns: 500 },
    );
  });
});

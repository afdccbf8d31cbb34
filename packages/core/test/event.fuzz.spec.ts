// Fuzzing the wire decoder (Event.fromJSON) and the Event constructor, 100,000 cases each: any input
// gives a valid Event or throws EventValidationError — never another error, never a hang.
import fc from 'fast-check';
import { Event, EventValidationError, MAX_EVENT_TYPE_LENGTH, MAX_PAYLOAD_BYTES } from '../src';
import { isPlainObject } from '../src/event/json-payload';
import { bigWireTexts, jsonValue, key, mostly, wireObject, wireText } from './wire-arbitraries';

const RUNS = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const anything = fc.anything({
  maxDepth: 3, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
  withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true,
});

/** Tallies what a fuzz run gave, and fails on anything but an Event or an EventValidationError. */
class Outcomes {
  accepted = 0;
  rejected = 0;
  slowestMs = 0;

  run(fn: () => unknown): void {
    const started = performance.now();
    let result: unknown;
    try {
      result = fn();
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw new Error(`expected EventValidationError, got ${String(error)}`, { cause: error });
      if (error.message !== `Invalid event: ${error.field} ${error.rule}` || error.field === '') throw new Error(`unexpected message: ${error.message}`);
      this.rejected++;
      return;
    } finally {
      this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
    }
    expectValid(result);
    this.accepted++;
  }

  /**
   * Both outcomes were reached often (the fuzzer is not stuck on one side). The slowest case is
   * reported with FUZZ_REPORT=1, not asserted: a time bound fails on a loaded machine (a hang still
   * fails the test, by jest's timeout).
   */
  check(): void {
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify({ accepted: this.accepted, rejected: this.rejected, slowestMs: this.slowestMs }));
    expect(this.accepted).toBeGreaterThan(RUNS / 10);
    expect(this.rejected).toBeGreaterThan(RUNS / 10);
  }
}

/** Every rule of an Event holds, and it survives the wire unchanged. */
function expectValid(result: unknown): void {
  if (!(result instanceof Event)) throw new Error(`expected an Event, got ${String(result)}`);
  const event = result as Event;
  const ok = Object.isFrozen(event) && UUID.test(event.id) && event.id === event.id.toLowerCase()
    && event.eventType.length > 0 && event.eventType.length <= MAX_EVENT_TYPE_LENGTH && event.eventType === event.eventType.trim()
    && Number.isFinite(event.timestamp.getTime()) && Number.isSafeInteger(event.causationDepth) && event.causationDepth >= 0
    && isPlainObject(event.payload) && Object.isFrozen(event.payload);
  if (!ok) throw new Error(`invalid event accepted: ${Event.encode(event).slice(0, 300)}`);
  const text = Event.encode(event);
  if (Buffer.byteLength(JSON.stringify(event.payload)) > MAX_PAYLOAD_BYTES) throw new Error('oversized payload accepted');
  if (Event.encode(Event.fromJSON(text)) !== text) throw new Error(`not stable on the wire: ${text.slice(0, 300)}`);
}

describe('fuzz', () => {
  it(`Event.fromJSON: ${RUNS} inputs (JSON text, wire objects, any value) give an Event or an EventValidationError`, () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fc.oneof({ weight: 6, arbitrary: wireText }, { weight: 3, arbitrary: wireObject }, { weight: 1, arbitrary: anything }), (input) => {
        outcomes.run(() => Event.fromJSON(input));
      }),
      { numRuns: RUNS, examples: bigWireTexts().map((text): [unknown] => [text]) },
    );
    outcomes.check();
  });

  it(`Event.fromParsedJSON (payload frozen in place) gives what Event.fromJSON gives, on ${RUNS / 5} wire texts`, () => {
    const decode = (read: () => Event): string => {
      try {
        const event = read();
        expectValid(event);
        return Event.encode(event);
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    fc.assert(
      fc.property(wireText, (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return;
        }
        // fromJSON reads a string as JSON text; a parsed string is JSON text encoded twice.
        const expected = typeof parsed === 'string'
          ? 'EventValidationError: Invalid event: event must be a JSON object, not a JSON string'
          : decode(() => Event.fromJSON(text));
        expect(decode(() => Event.fromParsedJSON(parsed))).toBe(expected);
      }),
      { numRuns: RUNS / 5, examples: bigWireTexts().map((text): [string] => [text]) },
    );
  });

  it(`new Event(...): ${RUNS} argument lists give an Event or an EventValidationError`, () => {
    const outcomes = new Outcomes();
    const payload = fc.oneof(
      { weight: 32, arbitrary: fc.dictionary(key, jsonValue, { maxKeys: 5 }) },
      { weight: 4, arbitrary: fc.dictionary(key, fc.oneof({ weight: 9, arbitrary: jsonValue }, { weight: 1, arbitrary: anything }), { maxKeys: 3 }) },
      { weight: 2, arbitrary: fc.oneof(jsonValue, anything) },
      { weight: 1, arbitrary: fc.integer({ min: 250, max: 262 }).map(nested) },
      { weight: 1, arbitrary: fc.constantFrom({ n: Number.NaN }, { f: () => 1 }, { d: new Date(0) }, { u: [undefined] }, { b: BigInt(1) }) },
    );
    const init = fc.record(
      {
        id: mostly(fc.uuid({ version: 4 }), fc.oneof(fc.string({ maxLength: 40 }), anything)),
        timestamp: mostly(fc.oneof(fc.date({ noInvalidDate: true }), fc.integer(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          fc.oneof(fc.date(), fc.double(), fc.string({ maxLength: 30 }), anything)),
        correlationId: mostly(fc.uuid(), fc.oneof(fc.string({ maxLength: 300 }), anything)),
        causationId: mostly(fc.uuid(), anything),
        causationDepth: mostly(fc.nat(), fc.oneof(fc.double(), anything)),
      },
      { requiredKeys: [] },
    );
    const eventType = mostly(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), fc.oneof(fc.string({ minLength: 250, maxLength: 262 }), anything));
    fc.assert(
      fc.property(eventType, payload, mostly(init, fc.oneof(fc.constant(null), anything)), (type, data, options) => {
        outcomes.run(() => new Event(type as string, data as object, options as never));
      }),
      { numRuns: RUNS },
    );
    outcomes.check();
  });
});

/** A payload `levels` deep (the payload object is level 1), alternating objects and arrays. */
function nested(levels: number): object {
  let value: object = {};
  for (let i = 2; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return { a: value };
}

import { Event, EventValidationError, MAX_EVENT_TYPE_LENGTH, MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH, NecroStackError } from '../src';
import { runInChildProcess, thrown } from './helpers';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The EventValidationError `fn` throws (fails when it throws anything else). */
function validationError(fn: () => unknown): EventValidationError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(EventValidationError);
  return error as EventValidationError;
}

/** A payload `{ s: "…" }` whose JSON is exactly `bytes` bytes of UTF-8, built from `char`. */
function payloadOfBytes(bytes: number, char: string): { s: string } {
  const overhead = Buffer.byteLength(JSON.stringify({ s: '' }));
  const charBytes = Buffer.byteLength(char);
  const content = bytes - overhead;
  const payload = { s: char.repeat(Math.floor(content / charBytes)) + 'x'.repeat(content % charBytes) };
  expect(Buffer.byteLength(JSON.stringify(payload))).toBe(bytes); // the helper's own check
  return payload;
}

/** An object nested `levels` deep, the outermost object counting as level 1. */
function nestedObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe('Event', () => {
  describe('id', () => {
    it('is a fresh lowercase UUID v4 when not given', () => {
      const ids = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const { id } = new Event('T', {});
        expect(id).toMatch(UUID_V4);
        ids.add(id);
      }
      expect(ids.size).toBe(500);
    });

    it('keeps a given UUID, lowercased', () => {
      const event = new Event('T', {}, { id: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' });
      expect(event.id).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    });

    it.each([
      ['not a uuid', 'hello'],
      ['an empty string', ''],
      ['a uuid with braces', '{3f2504e0-4f89-41d3-9a0c-0305e82c3301}'],
      ['a uuid with a non-hex digit', '3f2504e0-4f89-41d3-9a0c-0305e82c330g'],
      ['a uuid one digit short', '3f2504e0-4f89-41d3-9a0c-0305e82c330'],
      ['a number', 42],
      ['null', null],
    ])('rejects %s, naming the id field', (_label, id) => {
      const error = validationError(() => new Event('T', {}, { id: id as string }));
      expect(error.field).toBe('id');
      expect(error.rule).toMatch(/UUID/);
    });
  });

  describe('timestamp', () => {
    it('defaults to now', () => {
      const before = Date.now();
      const event = new Event('T', {});
      const after = Date.now();
      expect(event.timestamp.getTime()).toBeGreaterThanOrEqual(before);
      expect(event.timestamp.getTime()).toBeLessThanOrEqual(after);
    });

    it('takes a Date, copying it', () => {
      const date = new Date('2024-03-01T10:00:00.000Z');
      const event = new Event('T', {}, { timestamp: date });
      date.setUTCFullYear(1999);
      expect(event.timestamp.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    });

    it('takes epoch milliseconds', () => {
      expect(new Event('T', {}, { timestamp: 1_704_110_400_123 }).timestamp.toISOString()).toBe('2024-01-01T12:00:00.123Z');
      expect(new Event('T', {}, { timestamp: 0 }).timestamp.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    });

    it('takes ISO 8601 strings in UTC or with an offset, and converts them to UTC', () => {
      expect(new Event('T', {}, { timestamp: '2024-01-01T12:00:00Z' }).timestamp.toISOString()).toBe('2024-01-01T12:00:00.000Z');
      expect(new Event('T', {}, { timestamp: '2024-01-01T12:00:00+02:00' }).timestamp.toISOString()).toBe('2024-01-01T10:00:00.000Z');
      expect(new Event('T', {}, { timestamp: '2024-01-01T12:00:00.5-05:30' }).timestamp.toISOString()).toBe('2024-01-01T17:30:00.500Z');
    });

    it('reads an ISO string without an offset as UTC, whatever the local time zone', () => {
      const { stdout } = runInChildProcess(`
        const { Event } = require(SRC + '/event/event.ts');
        process.stdout.write(JSON.stringify([
          new Date('2024-01-01T12:00:00').toISOString(),
          new Event('T', {}, { timestamp: '2024-01-01T12:00:00' }).timestamp.toISOString(),
          new Event('T', {}, { timestamp: '2024-01-01T12:00:00.123456' }).timestamp.toISOString(),
        ]));
      `, { TZ: 'America/New_York' });
      const [local, event, python] = JSON.parse(stdout) as string[];
      // Sanity: in that zone the platform itself reads the text as local time.
      expect(local).toBe('2024-01-01T17:00:00.000Z');
      expect(event).toBe('2024-01-01T12:00:00.000Z');
      expect(python).toBe('2024-01-01T12:00:00.123Z');
    });

    it('hands out a fresh Date on each read, so the event cannot be changed through it', () => {
      const event = new Event('T', {}, { timestamp: '2024-01-01T00:00:00Z' });
      event.timestamp.setUTCFullYear(2000);
      expect(event.timestamp.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    });

    it.each([
      ['a non-date string', 'yesterday'],
      ['an empty string', ''],
      ['an invalid Date', new Date('nope')],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['epoch milliseconds beyond the Date range', 1e20],
      ['epoch milliseconds just beyond the Date range', 8.64e15 + 1],
      ['a boolean', true],
      ['an object', {}],
      ['null', null],
    ])('rejects %s, naming the timestamp field', (_label, timestamp) => {
      const error = validationError(() => new Event('T', {}, { timestamp: timestamp as string }));
      expect(error.field).toBe('timestamp');
    });

    it('accepts the edges of the Date range', () => {
      expect(new Event('T', {}, { timestamp: 8.64e15 }).toJSON().timestamp).toBe('+275760-09-13T00:00:00.000Z');
      expect(new Event('T', {}, { timestamp: -8.64e15 }).toJSON().timestamp).toBe('-271821-04-20T00:00:00.000Z');
    });
  });

  describe('eventType', () => {
    it('is trimmed', () => {
      expect(new Event('  ORDER_PLACED\n', {}).eventType).toBe('ORDER_PLACED');
    });

    it.each([
      ['empty', ''],
      ['only whitespace', ' \t\n '],
    ])('must not be %s', (_label, eventType) => {
      const error = validationError(() => new Event(eventType, {}));
      expect(error.field).toBe('eventType');
      expect(error.rule).toMatch(/empty/);
    });

    it(`is at most ${MAX_EVENT_TYPE_LENGTH} characters after trimming`, () => {
      expect(MAX_EVENT_TYPE_LENGTH).toBe(256);
      expect(new Event('a'.repeat(256), {}).eventType).toHaveLength(256);
      expect(new Event(` ${'a'.repeat(256)} `, {}).eventType).toHaveLength(256);
      const error = validationError(() => new Event('a'.repeat(257), {}));
      expect(error.field).toBe('eventType');
      expect(error.rule).toMatch(/256/);
    });

    it('must be a string', () => {
      expect(validationError(() => new Event(42 as unknown as string, {})).field).toBe('eventType');
      expect(validationError(() => new Event(undefined as unknown as string, {})).field).toBe('eventType');
    });
  });

  describe('lineage fields', () => {
    it('keeps correlationId, causationId and causationDepth', () => {
      const event = new Event('T', {}, { correlationId: 'c-1', causationId: 'p-1', causationDepth: 4 });
      expect([event.correlationId, event.causationId, event.causationDepth]).toEqual(['c-1', 'p-1', 4]);
    });

    it('defaults to no lineage and depth 0', () => {
      const event = new Event('T', {});
      expect([event.correlationId, event.causationId, event.causationDepth]).toEqual([undefined, undefined, 0]);
    });

    it.each([
      ['correlationId', { correlationId: '' }],
      ['correlationId', { correlationId: 7 }],
      ['causationId', { causationId: 'x'.repeat(257) }],
      ['causationDepth', { causationDepth: -1 }],
      ['causationDepth', { causationDepth: 1.5 }],
      ['causationDepth', { causationDepth: '3' }],
    ])('rejects an invalid %s', (field, init) => {
      expect(validationError(() => new Event('T', {}, init as never)).field).toBe(field);
    });
  });

  describe('payload', () => {
    it('defaults to an empty object', () => {
      expect(new Event('T').payload).toEqual({});
    });

    it.each([
      ['an array', [1, 2]],
      ['a string', 'text'],
      ['a number', 3],
      ['null', null],
      ['a Date', new Date()],
      ['a Map', new Map()],
      ['a class instance', new (class Order { id = 1; })()],
    ])('must be a plain object, not %s', (_label, payload) => {
      const error = validationError(() => new Event('T', payload as never));
      expect(error.field).toBe('payload');
      expect(error.rule).toMatch(/plain object/);
    });

    it('accepts an object with a null prototype', () => {
      const payload = Object.assign(Object.create(null) as object, { a: 1 });
      expect(new Event('T', payload).payload).toEqual({ a: 1 });
    });

    it('is a copy: the caller keeps a mutable object, and later changes do not reach the event', () => {
      const input = { order: { id: 'A-1', lines: [{ sku: 'x', qty: 1 }] } };
      const event = new Event('T', input);
      expect(Object.isFrozen(input)).toBe(false);
      expect(Object.isFrozen(input.order)).toBe(false);
      expect(Object.isFrozen(input.order.lines)).toBe(false);
      input.order.id = 'changed';
      input.order.lines.push({ sku: 'y', qty: 2 });
      (input.order.lines[0] as { qty: number }).qty = 99;
      expect(event.payload).toEqual({ order: { id: 'A-1', lines: [{ sku: 'x', qty: 1 }] } });
      expect(event.payload).not.toBe(input);
    });

    it('is deeply frozen: mutation throws in strict mode', () => {
      'use strict';
      const event = new Event('T', { a: { b: { c: 1 } }, list: [1, { d: 2 }] });
      const payload = event.payload as unknown as { a: { b: { c: number } }; list: unknown[]; extra?: number };
      expect(Object.isFrozen(payload)).toBe(true);
      expect(() => { payload.extra = 1; }).toThrow(TypeError);
      expect(() => { payload.a.b.c = 2; }).toThrow(TypeError);
      expect(() => { payload.list.push(3); }).toThrow(TypeError);
      expect(() => { (payload.list[1] as { d: number }).d = 3; }).toThrow(TypeError);
      expect(() => { delete (payload as { a?: unknown }).a; }).toThrow(TypeError);
      expect(event.payload).toEqual({ a: { b: { c: 1 } }, list: [1, { d: 2 }] });
    });

    it('makes the event itself immutable', () => {
      const event = new Event('T', {});
      expect(Object.isFrozen(event)).toBe(true);
      expect(() => { (event as { eventType: string }).eventType = 'OTHER'; }).toThrow(TypeError);
      expect(() => { (event as { id: string }).id = 'x'; }).toThrow(TypeError);
    });

    it('drops properties whose value is undefined, as JSON does', () => {
      const event = new Event('T', { a: 1, b: undefined, nested: { c: undefined, d: 2 } } as never);
      expect(Object.keys(event.payload)).toEqual(['a', 'nested']);
      expect(Object.keys((event.payload as { nested: object }).nested)).toEqual(['d']);
      expect(event.toJSON().payload).toEqual({ a: 1, nested: { d: 2 } });
    });

    it('accepts the same object referenced twice (a shared reference is not a cycle)', () => {
      const shared = { n: 1 };
      expect(new Event('T', { a: shared, b: shared, list: [shared, shared] }).payload).toEqual({
        a: { n: 1 }, b: { n: 1 }, list: [{ n: 1 }, { n: 1 }],
      });
    });

    it('accepts every JSON value: strings, finite numbers, booleans, null, arrays, nested objects', () => {
      const payload = { s: 'é😀', n: -1.5e-7, i: 0, t: true, f: false, z: null, list: [[], {}, [null]], o: { deep: { x: 'y' } } };
      expect(new Event('T', payload).payload).toEqual(payload);
    });

    describe('rejects what JSON cannot carry exactly, naming the path', () => {
      class Money {
        constructor(readonly cents: number) {}
      }
      it.each([
        ['NaN', { price: Number.NaN }, 'payload.price', /finite/],
        ['Infinity', { price: Number.POSITIVE_INFINITY }, 'payload.price', /finite/],
        ['-Infinity', { nested: { price: Number.NEGATIVE_INFINITY } }, 'payload.nested.price', /finite/],
        ['a function', { fn: () => 1 }, 'payload.fn', /JSON/],
        ['a symbol', { sym: Symbol('s') }, 'payload.sym', /JSON/],
        ['a BigInt', { big: BigInt(10) }, 'payload.big', /JSON/],
        ['a Date', { at: new Date() }, 'payload.at', /plain object/],
        ['a Map', { m: new Map([[1, 2]]) }, 'payload.m', /plain object/],
        ['a Set', { s: new Set([1]) }, 'payload.s', /plain object/],
        ['a class instance', { money: new Money(5) }, 'payload.money', /Money/],
        ['a typed array', { bytes: new Uint8Array(2) }, 'payload.bytes', /plain object/],
        ['a RegExp', { re: /x/ }, 'payload.re', /plain object/],
        ['undefined in an array', { list: [1, undefined, 3] }, 'payload.list[1]', /undefined/],
        ['a hole in a sparse array', { list: [1, , 3] }, 'payload.list[1]', /undefined/], // eslint-disable-line no-sparse-arrays
        ['a bad value deep in arrays', { a: [{ b: [0, Number.NaN] }] }, 'payload.a[0].b[1]', /finite/],
      ])('%s', (_label, payload, field, rule) => {
        const error = validationError(() => new Event('T', payload as never));
        expect(error.field).toBe(field);
        expect(error.rule).toMatch(rule);
        expect(error.message).toContain(field);
      });

      it('a cycle through an object', () => {
        const payload: Record<string, unknown> = { a: {} };
        (payload.a as Record<string, unknown>).back = payload;
        const error = validationError(() => new Event('T', payload));
        expect(error.field).toBe('payload.a.back');
        expect(error.rule).toMatch(/circular/);
      });

      it('a cycle found after an earlier payload failed, and a payload walked inside another (a getter)', () => {
        const cyclic: Record<string, unknown> = { a: {} };
        (cyclic.a as Record<string, unknown>).back = cyclic;
        expect(() => new Event('T', cyclic)).toThrow(/circular/);
        const shared = { x: 1 };
        const outer = {
          shared,
          get inner() { return new Event('U', { shared, again: { shared } }).payload; },
          twice: { shared },
        };
        expect(new Event('T', outer).payload).toEqual({ shared: { x: 1 }, inner: { shared: { x: 1 }, again: { shared: { x: 1 } } }, twice: { shared: { x: 1 } } });
        expect(validationError(() => new Event('T', cyclic)).field).toBe('payload.a.back');
      });

      it('a cycle through an array', () => {
        const list: unknown[] = [1];
        list.push(list);
        expect(validationError(() => new Event('T', { list })).field).toBe('payload.list[1]');
      });
    });

    describe(`nested more than ${MAX_PAYLOAD_DEPTH} levels deep`, () => {
      it('accepts exactly 256 levels (the payload object is level 1)', () => {
        expect(MAX_PAYLOAD_DEPTH).toBe(256);
        expect(() => new Event('T', nestedObject(256))).not.toThrow();
      });

      it('rejects 257 levels', () => {
        const error = validationError(() => new Event('T', nestedObject(257)));
        expect(error.field).toMatch(/^payload(\.a)+$/);
        expect(error.rule).toMatch(/256/);
      });

      it('counts arrays as levels too', () => {
        let list: unknown = [];
        for (let i = 2; i < 256; i++) list = [list];
        expect(() => new Event('T', { list })).not.toThrow();
        expect(validationError(() => new Event('T', { list: [list] })).rule).toMatch(/deeper/);
      });

      it('rejects a very deep payload without overflowing the stack', () => {
        let value: unknown = {};
        for (let i = 0; i < 100_000; i++) value = { a: value };
        expect(validationError(() => new Event('T', value as object)).rule).toMatch(/deeper/);
      });
    });

    describe(`larger than ${MAX_PAYLOAD_BYTES} bytes of UTF-8 JSON`, () => {
      it.each([
        ['ASCII', 'x'],
        ['2-byte characters', 'é'],
        ['3-byte characters', '€'],
        ['4-byte characters (surrogate pairs)', '😀'],
      ])('accepts exactly the limit and rejects one byte more, with %s', (_label, char) => {
        expect(MAX_PAYLOAD_BYTES).toBe(1_000_000);
        expect(() => new Event('T', payloadOfBytes(MAX_PAYLOAD_BYTES, char))).not.toThrow();
        const error = validationError(() => new Event('T', payloadOfBytes(MAX_PAYLOAD_BYTES + 1, char)));
        expect(error.field).toBe('payload');
        expect(error.rule).toMatch(/1000001 bytes/);
      });

      it('counts UTF-8 bytes, not characters', () => {
        // 400,000 characters, 1,200,000 bytes.
        const error = validationError(() => new Event('T', { s: '€'.repeat(400_000) }));
        expect(error.field).toBe('payload');
      });

      it('counts the JSON escapes', () => {
        // 600,000 quote characters are 1,200,000 bytes once escaped.
        expect(validationError(() => new Event('T', { s: '"'.repeat(600_000) })).field).toBe('payload');
      });
    });

    describe('a __proto__ key', () => {
      const polluting = () => JSON.parse('{"__proto__": {"polluted": "yes"}, "nested": {"__proto__": {"polluted": "yes"}}}') as object;

      afterEach(() => {
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });

      it('is kept as an own data property', () => {
        const event = new Event('T', polluting());
        expect(Object.prototype.hasOwnProperty.call(event.payload, '__proto__')).toBe(true);
        expect(Object.getOwnPropertyDescriptor(event.payload, '__proto__')?.value).toEqual({ polluted: 'yes' });
        expect(Object.keys(event.payload)).toEqual(['__proto__', 'nested']);
      });

      it('does not change the prototype of the payload or of Object', () => {
        const event = new Event('T', polluting());
        expect(Object.getPrototypeOf(event.payload)).toBe(Object.prototype);
        expect(Object.getPrototypeOf((event.payload as Record<string, object>).nested)).toBe(Object.prototype);
        expect((event.payload as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
      });

      it('travels in the wire form and back', () => {
        const event = new Event('T', polluting());
        expect(JSON.stringify(event.toJSON().payload)).toBe('{"__proto__":{"polluted":"yes"},"nested":{"__proto__":{"polluted":"yes"}}}');
        const back = Event.fromJSON(JSON.stringify(event));
        expect(Object.getOwnPropertyDescriptor(back.payload, '__proto__')?.value).toEqual({ polluted: 'yes' });
        expect(Object.getPrototypeOf(back.payload)).toBe(Object.prototype);
      });
    });
  });

  describe('EventValidationError', () => {
    it('is a NecroStackError with a stable code, the field and the rule', () => {
      const error = validationError(() => new Event('', {}));
      expect(error).toBeInstanceOf(NecroStackError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('EventValidationError');
      expect(error.code).toBe('NECRO_EVENT_INVALID');
      expect(error.message).toContain(error.field);
      expect(error.message).toContain(error.rule);
    });
  });
});

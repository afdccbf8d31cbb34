// Event headers, UUID v4 ids, and the two-part encoding a store shared with the original uses.
import fc from 'fast-check';
import { Event, EventValidationError, MAX_HEADERS_BYTES } from '../src';
import { thrown } from './helpers';

const V1_ID = 'c232ab00-9414-11ec-b3c8-9e6bdeced846';
const V4_ID = '9b2c1a4e-3f5d-4c6b-8a7e-1d2f3a4b5c6d';

describe('Event ids', () => {
  it('rejects a UUID of another version than 4, naming the field and the rule', () => {
    const error = thrown(() => new Event('X', {}, { id: V1_ID }));
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error).toMatchObject({ field: 'id', message: `Invalid event: id must be a UUID v4 (8-4-4-4-12 hex digits, version 4, RFC 4122 variant), got "${V1_ID}"` });
  });

  it('rejects a version 4 UUID of another variant than RFC 4122', () => {
    expect(() => new Event('X', {}, { id: '9b2c1a4e-3f5d-4c6b-ca7e-1d2f3a4b5c6d' })).toThrow(EventValidationError);
  });

  it('accepts and lowercases a version 4 UUID; generates version 4 UUIDs', () => {
    expect(new Event('X', {}, { id: V4_ID.toUpperCase() }).id).toBe(V4_ID);
    expect(new Event('X').id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reads no event with a non-v4 id from the wire either', () => {
    expect(() => Event.fromJSON({ id: V1_ID, timestamp: '2024-01-01T00:00:00Z', event_type: 'X', payload: {} })).toThrow(EventValidationError);
  });
});

describe('Event headers', () => {
  it('are an empty frozen object by default, and a frozen copy when given', () => {
    expect(new Event('X').headers).toEqual({});
    const given = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tenant: 'acme' };
    const event = new Event('X', {}, { headers: given });
    given.tenant = 'changed';
    expect(event.headers).toEqual({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tenant: 'acme' });
    expect(Object.isFrozen(event.headers)).toBe(true);
  });

  it('keep prototype-looking names as plain headers', () => {
    const headers = JSON.parse('{"__proto__":"a","constructor":"b"}') as Record<string, string>;
    const event = new Event('X', {}, { headers });
    expect(Object.keys(event.headers).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it.each([
    ['a non-string value', { n: 5 }, 'headers.n must be a string, got number'],
    ['an array', [], 'headers must be an object of string values, got an array'],
    ['an empty name', { '': 'x' }, 'headers names must be non-empty strings of at most 256 characters, got ""'],
  ])('reject %s with an EventValidationError naming the header', (_name, headers, message) => {
    const error = thrown(() => new Event('X', {}, { headers: headers as unknown as Record<string, string> }));
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as Error).message).toBe(`Invalid event: ${message}`);
  });

  it(`reject headers over ${MAX_HEADERS_BYTES} bytes of JSON`, () => {
    expect(() => new Event('X', {}, { headers: { big: 'x'.repeat(MAX_HEADERS_BYTES) } })).toThrow(/headers take \d+ bytes of JSON/);
    expect(new Event('X', {}, { headers: { ok: 'x'.repeat(MAX_HEADERS_BYTES / 2) } }).headers.ok).toHaveLength(MAX_HEADERS_BYTES / 2);
  });

  it('withHeaders() adds to them and keeps the id, time, payload and lineage', () => {
    const event = new Event('X', { n: 1 }, { correlationId: 'c', causationId: 'p', causationDepth: 2, headers: { a: '1', b: '2' } });
    const more = event.withHeaders({ b: 'two', c: '3' });
    expect(more.headers).toEqual({ a: '1', b: 'two', c: '3' });
    expect([more.id, more.timestamp.getTime(), more.payload, more.correlationId, more.causationId, more.causationDepth])
      .toEqual([event.id, event.timestamp.getTime(), event.payload, 'c', 'p', 2]);
    expect(event.headers).toEqual({ a: '1', b: '2' });
  });
});

describe('Event.encodeParts / Event.fromParts', () => {
  it('keeps the original four keys in `event` and the rest in `meta`', () => {
    const event = new Event('X', { n: 1 }, { id: V4_ID, timestamp: 0, correlationId: 'c', causationId: 'p', causationDepth: 2, headers: { a: '1' } });
    const parts = Event.encodeParts(event);
    expect(JSON.parse(parts.event)).toStrictEqual({ id: V4_ID, timestamp: '1970-01-01T00:00:00.000Z', event_type: 'X', payload: { n: 1 } });
    expect(JSON.parse(parts.meta!)).toStrictEqual({ correlation_id: 'c', causation_id: 'p', causation_depth: 2, headers: { a: '1' } });
  });

  it('has no meta for an event without lineage or headers', () => {
    expect(Event.encodeParts(new Event('X')).meta).toBeUndefined();
  });

  it('toJSON() carries the headers after the lineage, and fromJSON reads them back', () => {
    const event = new Event('X', {}, { id: V4_ID, timestamp: 0, correlationId: 'c', headers: { a: '1' } });
    expect(event.toJSON()).toStrictEqual({ id: V4_ID, timestamp: '1970-01-01T00:00:00.000Z', event_type: 'X', payload: {}, correlation_id: 'c', headers: { a: '1' } });
    expect(Event.fromJSON(Event.encode(event)).headers).toEqual({ a: '1' });
  });

  it('reads lineage from inside `event` when there is no meta (entries of the earlier layout)', () => {
    const old = { id: V4_ID, timestamp: '2024-01-01T00:00:00Z', event_type: 'X', payload: {}, correlation_id: 'root', causation_id: 'parent', causation_depth: 3 };
    const event = Event.fromParts(JSON.stringify(old));
    expect([event.correlationId, event.causationId, event.causationDepth]).toEqual(['root', 'parent', 3]);
  });

  it('rejects meta that is not a JSON object, naming it', () => {
    const { event } = Event.encodeParts(new Event('X'));
    expect(() => Event.fromParts(event, '[1]')).toThrow('Invalid event: meta must be a JSON object');
    expect(() => Event.fromParts(event, '{')).toThrow('Invalid event: meta is not valid JSON');
    expect(() => Event.fromParts(event, '{"headers":{"a":1}}')).toThrow('Invalid event: headers.a must be a string, got number');
  });

  it('round-trips any headers and lineage through the two parts', () => {
    const headers = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 5 });
    const ref = fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined });
    fc.assert(fc.property(headers, ref, ref, fc.nat(500), (h, correlationId, causationId, causationDepth) => {
      const event = new Event('X', { h }, { headers: h, correlationId, causationId, causationDepth });
      const { event: json, meta } = Event.encodeParts(event);
      const back = Event.fromParts(json, meta);
      expect(Event.encode(back)).toBe(Event.encode(event));
      expect(Object.keys(JSON.parse(json))).toEqual(['id', 'timestamp', 'event_type', 'payload']);
    }), { numRuns: 2_000 });
  });
});

import { Event, EventValidationError } from '../src';
import { thrown } from './helpers';

const ID = '6f1c2a4e-8b3d-4c5e-9f60-7a8b9c0d1e2f';

function wireError(input: unknown): EventValidationError {
  const error = thrown(() => Event.fromJSON(input));
  expect(error).toBeInstanceOf(EventValidationError);
  return error as EventValidationError;
}

function sameEvent(actual: Event, expected: Event): void {
  expect({
    id: actual.id, timestamp: actual.timestamp.getTime(), eventType: actual.eventType, payload: actual.payload,
    correlationId: actual.correlationId, causationId: actual.causationId, causationDepth: actual.causationDepth,
  }).toEqual({
    id: expected.id, timestamp: expected.timestamp.getTime(), eventType: expected.eventType, payload: expected.payload,
    correlationId: expected.correlationId, causationId: expected.causationId, causationDepth: expected.causationDepth,
  });
}

describe('Event wire form', () => {
  describe('toJSON()', () => {
    it('gives the Python-compatible snake_case form with an ISO UTC timestamp', () => {
      const event = new Event('ORDER_PLACED', { orderId: 'A-1', amount: 99.5 }, { id: ID, timestamp: '2024-01-01T13:00:00+01:00' });
      expect(event.toJSON()).toStrictEqual({
        id: ID, timestamp: '2024-01-01T12:00:00.000Z', event_type: 'ORDER_PLACED', payload: { orderId: 'A-1', amount: 99.5 },
      });
    });

    it('adds the lineage keys only when there is lineage', () => {
      const event = new Event('T', {}, { id: ID, timestamp: 0, correlationId: 'corr', causationId: 'cause', causationDepth: 2 });
      expect(event.toJSON()).toStrictEqual({
        id: ID, timestamp: '1970-01-01T00:00:00.000Z', event_type: 'T', payload: {},
        correlation_id: 'corr', causation_id: 'cause', causation_depth: 2,
      });
      expect(Object.keys(new Event('T', {}).toJSON())).toEqual(['id', 'timestamp', 'event_type', 'payload']);
    });

    it('is what JSON.stringify writes', () => {
      const event = new Event('T', { a: [1, 'two', null], b: { c: true } }, { correlationId: 'x' });
      expect(JSON.parse(JSON.stringify(event))).toEqual(event.toJSON());
    });

    it('escapes event types and payload strings correctly', () => {
      const event = new Event('WITH "QUOTES" \\ and\ttabs', { s: '"\u0000\u2028😀' });
      const back = Event.fromJSON(JSON.stringify(event));
      expect(back.eventType).toBe('WITH "QUOTES" \\ and\ttabs');
      expect(back.payload).toEqual({ s: '"\u0000\u2028😀' });
    });
  });

  describe('Event.fromJSON()', () => {
    it('reads back an object and JSON text to the same event', () => {
      const event = new Event('T', { n: 1, nested: { list: [1, 2] } }, { correlationId: 'c', causationId: 'p', causationDepth: 3 });
      sameEvent(Event.fromJSON(event.toJSON()), event);
      sameEvent(Event.fromJSON(JSON.stringify(event)), event);
    });

    it('gives a frozen, validated event', () => {
      const back = Event.fromJSON({ id: ID, timestamp: '2024-01-01T00:00:00Z', event_type: ' T ', payload: { a: { b: 1 } } });
      expect(back).toBeInstanceOf(Event);
      expect(back.eventType).toBe('T');
      expect(Object.isFrozen((back.payload as { a: object }).a)).toBe(true);
    });

    it('does not freeze or keep the object it read', () => {
      const wire = { id: ID, timestamp: '2024-01-01T00:00:00Z', event_type: 'T', payload: { a: { b: 1 } } };
      const back = Event.fromJSON(wire);
      expect(Object.isFrozen(wire.payload)).toBe(false);
      wire.payload.a.b = 2;
      expect(back.payload).toEqual({ a: { b: 1 } });
    });

    describe('reads what the original Python NecroStack writes', () => {
      const python = JSON.stringify({
        id: ID.toUpperCase(),
        timestamp: '2024-01-01T12:00:00.123456+00:00',
        event_type: 'ORDER_PLACED',
        payload: { order_id: 'A-1', total: 12.5 },
        schema_version: 2,
        source: 'python-worker',
      });

      it('with microseconds and a +00:00 offset, snake_case keys, unknown keys ignored', () => {
        const event = Event.fromJSON(python);
        expect(event.id).toBe(ID);
        expect(event.timestamp.toISOString()).toBe('2024-01-01T12:00:00.123Z');
        expect(event.eventType).toBe('ORDER_PLACED');
        expect(event.payload).toEqual({ order_id: 'A-1', total: 12.5 });
        expect(event.toJSON()).not.toHaveProperty('schema_version');
        expect(event.toJSON()).not.toHaveProperty('source');
      });

      it('with a naive timestamp (no offset), read as UTC', () => {
        const event = Event.fromJSON({ id: ID, timestamp: '2024-01-01T12:00:00.123456', event_type: 'T', payload: {} });
        expect(event.timestamp.toISOString()).toBe('2024-01-01T12:00:00.123Z');
      });

      it('with another offset, converted to UTC', () => {
        const event = Event.fromJSON({ id: ID, timestamp: '2024-01-01T17:30:00.000001+05:30', event_type: 'T', payload: {} });
        expect(event.timestamp.toISOString()).toBe('2024-01-01T12:00:00.000Z');
      });

      it('with lineage keys', () => {
        const event = Event.fromJSON({
          id: ID, timestamp: '2024-01-01T12:00:00+00:00', event_type: 'T', payload: {},
          correlation_id: 'root', causation_id: 'parent', causation_depth: 5,
        });
        expect([event.correlationId, event.causationId, event.causationDepth]).toEqual(['root', 'parent', 5]);
      });

      it('without a payload (read as {})', () => {
        expect(Event.fromJSON({ id: ID, timestamp: '2024-01-01T12:00:00Z', event_type: 'T' }).payload).toEqual({});
      });

      it('with null lineage keys (read as absent)', () => {
        const event = Event.fromJSON({ id: ID, timestamp: '2024-01-01T12:00:00Z', event_type: 'T', payload: {}, correlation_id: null, causation_depth: null });
        expect([event.correlationId, event.causationDepth]).toEqual([undefined, 0]);
      });
    });

    describe('rejects invalid input with an EventValidationError naming the field', () => {
      const valid = { id: ID, timestamp: '2024-01-01T12:00:00Z', event_type: 'T', payload: {} };

      it.each([
        ['text that is not JSON', '{"id": ', 'event'],
        ['an empty string', '', 'event'],
        ['JSON that is not an object', '[1,2]', 'event'],
        ['JSON null', 'null', 'event'],
        ['null', null, 'event'],
        ['a number', 42, 'event'],
        ['an array', [valid], 'event'],
        ['a missing id', { ...valid, id: undefined }, 'id'],
        ['a non-string id', { ...valid, id: 12 }, 'id'],
        ['an id that is not a UUID', { ...valid, id: 'order-1' }, 'id'],
        ['a missing timestamp', { ...valid, timestamp: undefined }, 'timestamp'],
        ['a numeric timestamp', { ...valid, timestamp: 1_704_110_400_000 }, 'timestamp'],
        ['an unparseable timestamp', { ...valid, timestamp: 'last tuesday' }, 'timestamp'],
        ['a missing event_type', { ...valid, event_type: undefined }, 'event_type'],
        ['a non-string event_type', { ...valid, event_type: ['T'] }, 'event_type'],
        ['a payload that is an array', { ...valid, payload: [1] }, 'payload'],
        ['a payload that is a string', { ...valid, payload: '{}' }, 'payload'],
        ['a payload that is null', { ...valid, payload: null }, 'payload'],
        ['an invalid value inside the payload', { ...valid, payload: { list: [1, undefined] } }, 'payload.list[1]'],
        ['a payload over the size limit', { ...valid, payload: { s: 'x'.repeat(1_000_000) } }, 'payload'],
      ])('%s', (_label, input, field) => {
        expect(wireError(input).field).toBe(field);
      });

      it.each([
        ['an empty event_type', { event_type: '   ' }, ['event_type', 'eventType']],
        ['a non-string correlation_id', { correlation_id: 5 }, ['correlation_id', 'correlationId']],
        ['an empty causation_id', { causation_id: '' }, ['causation_id', 'causationId']],
        ['a negative causation_depth', { causation_depth: -1 }, ['causation_depth', 'causationDepth']],
      ])('%s', (_label, change, fields) => {
        expect(fields).toContain(wireError({ ...valid, ...change }).field);
      });

      it('keeps the JSON parse error as the cause', () => {
        expect(wireError('{nope').cause).toBeInstanceOf(SyntaxError);
      });
    });
  });
});

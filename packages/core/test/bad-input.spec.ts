// Bad input for the core: the wire codec rejects it with a reason, and a Spine on the in-memory
// backend dead-letters what reaches it and handles the next good event. The same inputs written
// raw on a Redis stream: packages/backend-redis/test/bad-input.int.spec.ts.
import { plainToInstance, Transform } from 'class-transformer';
import { IsOptional, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { Event, EventValidationError, ListensTo, MAX_PAYLOAD_BYTES, Organ, Spine, silentLogger } from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { Probe, ProbeDto, StrictProbe, prototypeShape, wire } from './bad-input-fixtures';
import { thrown } from './helpers';

function wireError(input: unknown): EventValidationError {
  const error = thrown(() => Event.fromJSON(input));
  expect(error).toBeInstanceOf(EventValidationError);
  return error as EventValidationError;
}

@ValidatorConstraint({ name: 'throwsAString' })
class ThrowsAString implements ValidatorConstraintInterface {
  validate(): boolean {
    throw 'not an Error'; // a library may throw anything
  }
}

class ThrowingDto {
  @Validate(ThrowsAString) value!: string;
  @IsOptional() @Transform(() => { throw new RangeError('transform kaboom'); }) converted?: string;
}

@Organ()
@ListensTo('THROWING', { payload: ThrowingDto })
class Throwing {
  calls = 0;
  handle() {
    this.calls++;
  }
}

describe('bad input', () => {
  const pristine = prototypeShape();
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeShape()).toEqual(pristine);
  });

  describe('Event.fromJSON', () => {
    it.each([
      ['an array', '[{"event_type":"PROBE"}]'],
      ['a string', '"PROBE"'],
      ['a string holding a whole event (JSON encoded twice)', JSON.stringify(wire('PROBE', '{}'))],
      ['a number', '42'],
      ['null', 'null'],
      ['a boolean', 'false'],
    ])('rejects JSON text that is %s, naming the field "event"', (_label, text) => {
      expect(wireError(text)).toMatchObject({ field: 'event', rule: 'must be a JSON object with id, timestamp, event_type and payload' });
    });

    it.each([
      ['empty', ''],
      ['truncated', wire('PROBE', '{}').slice(0, 30)],
      ['single-quoted', "{'id':'x'}"],
      ['with a trailing comma', '{"id":"x",}'],
      ['with a lone surrogate escape cut short', '{"id":"\\ud8"}'],
    ])('rejects text that is not JSON (%s), keeping the parse error as the cause', (_label, text) => {
      const error = wireError(text);
      expect(error).toMatchObject({ field: 'event', rule: 'is not valid JSON' });
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });

    it(`rejects an event over ${MAX_PAYLOAD_BYTES} bytes with its size`, () => {
      const error = wireError(wire('PROBE', JSON.stringify({ s: 'x'.repeat(MAX_PAYLOAD_BYTES) })));
      expect(error).toMatchObject({ field: 'payload', rule: 'is 1000008 bytes of JSON, over the limit of 1000000' });
    });

    it.each([
      ['objects', `${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}`],
      ['arrays', `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
      ['arrays, 500,000 levels (1 MB)', `{"a":${'['.repeat(500_000)}${']'.repeat(500_000)}}`],
    ])('rejects a payload of nested %s without overflowing the stack', (_label, payloadJson) => {
      expect(wireError(wire('PROBE', payloadJson)).rule).toBe('is nested deeper than 256 levels');
    });

    it('accepts a huge array within the size limit, and rejects one over it', () => {
      const event = Event.fromJSON(wire('PROBE', JSON.stringify({ items: new Array(450_000).fill(0) })));
      expect(event.payload.items).toHaveLength(450_000);
      expect(Object.isFrozen(event.payload.items)).toBe(true);
      const error = wireError(wire('PROBE', JSON.stringify({ items: new Array(1_000_000).fill(0) })));
      expect(error.rule).toBe('is 2000011 bytes of JSON, over the limit of 1000000');
    });

    it('keeps lone surrogates (the JavaScript side of bad UTF-8) exactly, as JSON escapes', () => {
      const event = Event.fromJSON(wire('PROBE', '{"s":"\\ud800x\\udfff"}'));
      expect(event.payload.s).toBe('\ud800x\udfff');
      expect(Event.encode(event)).toContain('"s":"\\ud800x\\udfff"');
      expect(Event.fromJSON(Event.encode(event)).payload).toEqual(event.payload);
    });

    it('reads __proto__, constructor and prototype keys as plain data, polluting nothing', () => {
      const json = '{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"c"}},"prototype":{"polluted":"p"},"n":{"__proto__":{"polluted":"n"}}}';
      const payload = Event.fromJSON(wire('PROBE', json)).payload as Record<string, Record<string, unknown>>;
      expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(payload.n)).toBe(Object.prototype);
      expect(Object.keys(payload)).toEqual(['__proto__', 'constructor', 'prototype', 'n']);
      expect([payload.polluted, payload.n?.polluted]).toEqual([undefined, undefined]);
    });
  });

  describe('new Event(...)', () => {
    it.each([null, 'id', 5])('rejects an init that is not an object (%p), naming the field "init"', (init) => {
      const error = thrown(() => new Event('PROBE', {}, init as never));
      expect(error).toBeInstanceOf(EventValidationError);
      expect(error).toMatchObject({ field: 'init', rule: `must be an object, got ${init === null ? 'null' : typeof init}` });
    });
  });

  describe('a Spine on the in-memory backend', () => {
    function setup(organs: object[]) {
      const backend = new InMemoryBackend();
      return { backend, spine: new Spine({ organs, backend, logger: silentLogger, retryBaseDelayMs: 1 }) };
    }

    it('dead-letters a payload with __proto__, constructor or prototype keys for a DTO, before class-transformer sees it', async () => {
      const [probe, strict] = [new Probe(), new StrictProbe()];
      const { backend, spine } = setup([probe, strict]);
      const hostile = Event.fromJSON(wire('PROBE', '{"name":"x","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'));
      const good = new Event('PROBE', { name: 'good' });
      await backend.enqueue([hostile, good]);

      const stats = await spine.run();

      expect(probe.received.map((e) => e.id)).toEqual([hostile.id, good.id]);
      expect(strict.received.map((p) => p.name)).toEqual(['good']);
      expect(Object.getPrototypeOf(strict.received[0])).toBe(ProbeDto.prototype);
      const [letter] = await spine.failedEventStore.getAll();
      expect(letter).toMatchObject({ organ: 'StrictProbe', event: { id: hostile.id }, error: { name: 'PayloadValidationError' } });
      expect(letter?.error.message).toBe(
        'Payload of PROBE does not match ProbeDto: payload.__proto__ (forbiddenKey: payload.__proto__ is not allowed in a payload validated by a DTO)');
      expect(stats.eventsDeadLettered).toBe(1);
    });

    it('is safe behind that guard too: class-transformer itself skips __proto__ and constructor keys', () => {
      const json = '{"name":"x","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';
      const instance = plainToInstance(ProbeDto, Event.fromJSON(wire('PROBE', json)).payload) as ProbeDto & Record<string, unknown>;
      expect(Object.getPrototypeOf(instance)).toBe(ProbeDto.prototype);
      expect(instance.constructor).toBe(ProbeDto);
      expect(instance.polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(ProbeDto.prototype)).toEqual(['constructor']);
    });

    it('dead-letters a DTO whose validator throws a non-Error and whose @Transform throws, and goes on', async () => {
      const [throwing, probe] = [new Throwing(), new Probe()];
      const { backend, spine } = setup([throwing, probe]);
      const good = new Event('PROBE', { name: 'good' });
      await backend.enqueue([new Event('THROWING', { value: 'x' }), new Event('THROWING', { value: 'x', converted: 'y' }), good]);

      await spine.run();

      expect(throwing.calls).toBe(0);
      expect(probe.received.map((e) => e.id)).toEqual([good.id]);
      const letters = await spine.failedEventStore.getAll();
      expect(letters.map((l) => l.error.message)).toEqual([
        'Payload of THROWING does not match ThrowingDto: (dto) (threw: not an Error)',
        'Payload of THROWING does not match ThrowingDto: (dto) (threw: transform kaboom)',
      ]);
    });

    it('acks and counts an event no organ listens to, without a dead letter or an error', async () => {
      const probe = new Probe();
      const { backend, spine } = setup([probe]);
      await spine.run(); // subscribes: from now on the backend knows which types are routed
      const good = new Event('PROBE', { name: 'good' });

      const stats = await spine.run([new Event('NOBODY_LISTENS'), new Event('NOBODY_LISTENS'), good]);

      expect(probe.received.map((e) => e.id)).toEqual([good.id]);
      expect(stats).toMatchObject({ eventsProcessed: 1, eventsDeadLettered: 0, handlerErrors: {}, backendErrors: 0, ackErrors: 0 });
      expect(backend.unroutedCount).toBe(2);
      expect(backend.size).toBe(0);
      expect(await spine.failedEventStore.getAll()).toEqual([]);
    });
  });
});

// Bad input on the Redis stream: every kind lands in the dead-letter stream with a reason, and the
// worker survives it and handles the next good event.
import { randomUUID } from 'node:crypto';
import { Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { Event, ListensTo, MAX_EVENT_TYPE_LENGTH, MAX_PAYLOAD_BYTES, Organ, Spine, silentLogger, type SpineStats } from '@necrostack/core';
import { Probe, ProbeDto, StrictProbe, prototypeShape, wire } from '../../core/test/bad-input-fixtures';
import { REPLAY_SCRIPT } from '../src/scripts/replay.script';
import { RedisTestEnv, fields, waitFor } from './support/redis-test-env';

@ValidatorConstraint({ name: 'explodes' })
class Explodes implements ValidatorConstraintInterface {
  validate(): boolean {
    throw new Error('validator kaboom');
  }
}

class ExplodingDto {
  @Validate(Explodes) value!: string;
}

@Organ()
@ListensTo('EXPLODING', { payload: ExplodingDto })
class Exploding {
  calls = 0;
  handle() {
    this.calls++;
  }
}

function nested(levels: number, open: string, close: string, leaf: string): string {
  return open.repeat(levels) + leaf + close.repeat(levels);
}

describe('RedisBackend with bad input on the stream', () => {
  let env: RedisTestEnv;
  let probe: Probe;
  const pristine = prototypeShape();

  beforeEach(async () => {
    env = await new RedisTestEnv().start();
    probe = new Probe();
  });
  afterEach(async () => {
    await env.cleanup();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeShape()).toEqual(pristine);
  });

  /** XADDs the bad entry, then a good PROBE event, and runs the organs over both. */
  async function runAfter(badEntry: (string | Buffer)[], organs: object[] = [probe]) {
    const backend = env.backend();
    await env.xadd(...badEntry);
    const good = new Event('PROBE', { name: 'good' });
    await backend.enqueue(good);
    const stats = await new Spine({ organs, backend, logger: silentLogger }).run();
    return { backend, good, stats, letters: await env.deadLetterEntries() };
  }

  /** The good event was handled, and no group holds anything pending. */
  async function expectWorkerWentOn(good: Event, stats: SpineStats, deadLetters = 1): Promise<void> {
    expect(probe.received.map((e) => e.id)).toContain(good.id);
    expect(stats.eventsDeadLettered).toBe(deadLetters);
    for (const group of await env.groups()) expect(group.pending).toBe(0);
  }

  describe('when an entry has no "event" field', () => {
    it.each([
      ['another field only', ['data', wire('PROBE', '{}')], 'data'],
      ['"Event" in the wrong case', ['Event', wire('PROBE', '{}')], 'Event'],
      ['the Python dead-letter fields', ['original_id', '1-0', 'reason', 'x'], 'original_id, reason'],
    ])('dead-letters it with the field names it has (%s)', async (_label, entry, names) => {
      const { good, stats, letters } = await runAfter(entry);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        error_class: 'MalformedEntryError', error_code: 'NECRO_ENTRY_MALFORMED', organ: 'Probe', group: 'Probe',
        reason: `Malformed entry: no "event" field (fields: ${names})`,
      });
      // The raw entry is kept, readable, in the dead letter.
      expect(JSON.parse(letters[0]?.event as string)).toEqual(fields(entry));
      await expectWorkerWentOn(good, stats);
    });
  });

  describe('when the "event" field is not a JSON object', () => {
    const notAnObject = 'Malformed entry: Invalid event: event must be a JSON object with id, timestamp, event_type and payload';
    const aString = 'Malformed entry: Invalid event: event must be a JSON object, not a JSON string';

    it.each([
      ['an array', '[{"event_type":"PROBE"}]', notAnObject],
      ['a number', '42', notAnObject],
      ['null', 'null', notAnObject],
      ['a boolean', 'true', notAnObject],
      ['a string', '"PROBE"', aString],
      ['a string holding a whole event (JSON encoded twice)', JSON.stringify(wire('PROBE', '{"name":"twice"}')), aString],
    ])('dead-letters %s with the reason', async (_label, json, reason) => {
      const { good, stats, letters } = await runAfter(['event', json]);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ event: json, error_class: 'MalformedEntryError', reason });
      await expectWorkerWentOn(good, stats);
    });
  });

  describe('when the "event" field is not valid JSON', () => {
    it.each([
      ['truncated', wire('PROBE', '{}').slice(0, 40)],
      ['empty', ''],
      ['single-quoted', "{'event_type':'PROBE'}"],
      ['with a trailing comma', '{"event_type":"PROBE",}'],
    ])('dead-letters it (%s) with the reason', async (_label, text) => {
      const { good, stats, letters } = await runAfter(['event', text]);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ event: text, error_class: 'MalformedEntryError', reason: 'Malformed entry: the "event" field is not valid JSON' });
      await expectWorkerWentOn(good, stats);
    });
  });

  describe(`when an event written by XADD is over ${MAX_PAYLOAD_BYTES} bytes`, () => {
    it('dead-letters it with its size and the limit', async () => {
      const text = wire('PROBE', JSON.stringify({ name: 'x'.repeat(MAX_PAYLOAD_BYTES) }));
      const { good, stats, letters } = await runAfter(['event', text]);
      expect(letters).toHaveLength(1);
      expect(letters[0]?.reason).toBe('Malformed entry: Invalid event: payload is 1000011 bytes of JSON, over the limit of 1000000');
      expect(letters[0]?.event).toHaveLength(text.length);
      await expectWorkerWentOn(good, stats);
    });
  });

  describe('when a payload holds huge arrays', () => {
    it('delivers one within the size limit', async () => {
      const items = new Array(450_000).fill(0);
      const { good, stats, letters } = await runAfter(['event', wire('PROBE', JSON.stringify({ items }))]);
      expect(letters).toEqual([]);
      expect(probe.received.map((e) => (e.payload.items as unknown[] | undefined)?.length)).toEqual([450_000, undefined]);
      await expectWorkerWentOn(good, stats, 0);
    });

    it('dead-letters one over the size limit, with its size', async () => {
      const items = new Array(1_000_000).fill(0);
      const { good, stats, letters } = await runAfter(['event', wire('PROBE', JSON.stringify({ items }))]);
      expect(letters[0]?.reason).toBe('Malformed entry: Invalid event: payload is 2000011 bytes of JSON, over the limit of 1000000');
      await expectWorkerWentOn(good, stats);
    });
  });

  describe('when a payload is nested 10,000 levels deep', () => {
    it.each([
      ['objects', nested(10_000, '{"a":', '}', '{}'), /^Malformed entry: Invalid event: payload(\.a){256} is nested deeper than 256 levels$/],
      ['arrays', `{"a":${nested(10_000, '[', ']', '0')}}`, /^Malformed entry: Invalid event: payload\.a(\[0\]){255} is nested deeper than 256 levels$/],
    ])('dead-letters nested %s without overflowing the stack', async (_label, payloadJson, reason) => {
      const { good, stats, letters } = await runAfter(['event', wire('PROBE', payloadJson)]);
      expect(letters).toHaveLength(1);
      expect(letters[0]?.reason).toMatch(reason);
      await expectWorkerWentOn(good, stats);
    });

    it('dead-letters 500,000 levels of brackets (1 MB) too', async () => {
      const { good, stats, letters } = await runAfter(['event', wire('PROBE', `{"a":${nested(500_000, '[', ']', '')}}`)]);
      expect(letters[0]?.reason).toMatch(/is nested deeper than 256 levels$/);
      await expectWorkerWentOn(good, stats);
    });
  });

  describe('when an entry holds bytes that are not UTF-8', () => {
    const prefix = Buffer.from(`{"id":"${randomUUID()}","timestamp":"2024-05-01T12:00:00Z","event_type":"PROBE","payload":{"name":"`);
    const suffix = Buffer.from('"}}');

    it.each([
      ['a lone continuation byte', [0x80]],
      ['a truncated 3-byte sequence', [0xe2, 0x82]],
      ['an overlong encoding of "/"', [0xc0, 0xaf]],
      ['0xFF', [0xff]],
      ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ])('dead-letters a string holding %s, instead of handing on a corrupted payload', async (_label, bytes) => {
      const { good, stats, letters } = await runAfter(['event', Buffer.concat([prefix, Buffer.from(bytes), suffix])]);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ error_class: 'MalformedEntryError', reason: 'Malformed entry: the "event" field is not valid UTF-8' });
      expect(probe.received).toHaveLength(1);
      await expectWorkerWentOn(good, stats);
    });

    it('dead-letters invalid bytes between the JSON tokens as not UTF-8 either', async () => {
      const text = Buffer.concat([Buffer.from('{"event_type":'), Buffer.from([0xff, 0xfe]), Buffer.from('"PROBE"}')]);
      const { good, stats, letters } = await runAfter(['event', text]);
      expect(letters[0]).toMatchObject({ error_class: 'MalformedEntryError', reason: 'Malformed entry: the "event" field is not valid UTF-8' });
      await expectWorkerWentOn(good, stats);
    });

    it('dead-letters a field name that is not UTF-8 as a missing "event" field', async () => {
      const { good, stats, letters } = await runAfter([Buffer.from([0x65, 0x76, 0xff]), wire('PROBE', '{}')]);
      expect(letters[0]).toMatchObject({ error_class: 'MalformedEntryError', reason: 'Malformed entry: no "event" field (fields: ev\uFFFD)' });
      await expectWorkerWentOn(good, stats);
    });

    it('keeps the exact bytes in the dead letter, and never replays its altered text (caf\\xe9)', async () => {
      const bytes = Buffer.concat([prefix, Buffer.from('caf'), Buffer.from([0xe9]), suffix]);
      const { letters } = await runAfter(['event', bytes]);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ error_class: 'MalformedEntryError', reason: 'Malformed entry: the "event" field is not valid UTF-8' });
      expect(Buffer.from(letters[0]?.event_base64 ?? '', 'base64').equals(bytes)).toBe(true);

      const backend = env.backend();
      const [letter] = await backend.deadLetters.getAll();
      expect(letter?.event).toBeUndefined();
      expect(Buffer.from(letter?.rawBytes ?? []).equals(bytes)).toBe(true);
      const report = await backend.deadLetters.replayWithReport();
      expect(report).toEqual({ replayed: 0, refused: [{ id: letter?.id, organ: 'Probe', reason: expect.stringContaining('not valid UTF-8') }] });
      expect(await backend.deadLetters.replay()).toBe(0);
      await new Spine({ organs: [probe], backend, logger: silentLogger }).run();

      expect(probe.received.map((e) => e.payload.name)).toEqual(['good']);
      expect(await env.deadLetterEntries()).toHaveLength(1);
    });

    it('is refused by the replay script itself, whoever calls it', async () => {
      const letterId = await env.send<string>('XADD', `${env.streamKey}:dlq`, '*', 'event', wire('PROBE', '{"name":"caf\uFFFD"}'), 'event_base64', 'AAAA');
      const reply = await env.send('EVAL', REPLAY_SCRIPT.source, '2', `${env.streamKey}:dlq`, env.streamKey, letterId, 'event_base64', 'event', 'x');
      expect(reply).toBe(-1);
      expect(await env.send('XLEN', env.streamKey)).toBe(0);
      expect(await env.deadLetterEntries()).toHaveLength(1);
    });

    it('still delivers an event whose text holds a real U+FFFD character', async () => {
      const { good, stats, letters } = await runAfter(['event', wire('PROBE', '{"name":"\uFFFD\\ufffd"}')]);
      expect(letters).toEqual([]);
      expect(probe.received[0]?.payload).toEqual({ name: '\uFFFD\uFFFD' });
      await expectWorkerWentOn(good, stats, 0);
    });
  });

  describe('when a payload has __proto__, constructor or prototype keys', () => {
    // JSON text, not an object literal: in a literal, `__proto__: …` would set the prototype instead of a key.
    const hostile = '{"name":"x","__proto__":{"polluted":"top","isAdmin":true},"meta":{"source":"y","__proto__":{"polluted":"meta"}},'
      + '"constructor":{"prototype":{"polluted":"constructor"}},"prototype":{"polluted":"prototype"}}';

    it('hands an organ without a DTO plain data, and pollutes no prototype', async () => {
      const { good, stats } = await runAfter(['event', wire('PROBE', hostile)]);
      const payload = probe.received[0]?.payload as Record<string, unknown>;
      expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
      expect(Object.keys(payload)).toEqual(['name', '__proto__', 'meta', 'constructor', 'prototype']);
      expect(Object.getOwnPropertyDescriptor(payload, '__proto__')?.value).toEqual({ polluted: 'top', isAdmin: true });
      expect(payload.polluted).toBeUndefined();
      expect(payload.isAdmin).toBeUndefined();
      expect(Object.getPrototypeOf(payload.meta)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(payload.meta, '__proto__')?.value).toEqual({ polluted: 'meta' });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await expectWorkerWentOn(good, stats, 0);
    });

    it('dead-letters it for an organ with a DTO (forbiddenKey), before class-transformer sees it', async () => {
      const strict = new StrictProbe();
      const { good, stats, letters } = await runAfter(['event', wire('PROBE', hostile)], [probe, strict]);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        organ: 'StrictProbe', error_class: 'PayloadValidationError', error_code: 'NECRO_PAYLOAD_INVALID',
        reason: 'Payload of PROBE does not match ProbeDto: payload.__proto__ (forbiddenKey: payload.__proto__ is not allowed in a payload validated by a DTO)',
      });
      expect(strict.received.map((p) => p.name)).toEqual(['good']);
      expect(Object.getPrototypeOf(strict.received[0])).toBe(ProbeDto.prototype);
      expect(new ProbeDto()).not.toHaveProperty('polluted');
      await expectWorkerWentOn(good, stats);
    });

    it.each([
      ['constructor.prototype', '{"name":"x","constructor":{"prototype":{"polluted":"yes"}}}', 'payload.constructor'],
      ['a nested __proto__', '{"name":"x","meta":{"source":"y","__proto__":{"polluted":"yes"}}}', 'payload.meta.__proto__'],
      ['prototype in an array', '{"name":"x","list":[{"prototype":{"polluted":"yes"}}]}', 'payload.list.0.prototype'],
    ])('names the forbidden key: %s', async (_label, payloadJson, path) => {
      const strict = new StrictProbe();
      const { letters } = await runAfter(['event', wire('PROBE', payloadJson)], [strict]);
      expect(letters[0]?.reason).toContain(`${path} (forbiddenKey:`);
      expect(strict.received).toHaveLength(1);
    });
  });

  describe("when a DTO's custom constraint throws inside validate()", () => {
    it('dead-letters the event with the thrown message, and the worker goes on', async () => {
      const exploding = new Exploding();
      const backend = env.backend();
      await env.xadd('event', wire('EXPLODING', '{"value":"x"}'));
      const good = new Event('PROBE', { name: 'good' });
      await backend.enqueue(good);
      const stats = await new Spine({ organs: [exploding, probe], backend, logger: silentLogger }).run();
      const letters = await env.deadLetterEntries();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        organ: 'Exploding', error_class: 'PayloadValidationError', attempts: '1',
        reason: 'Payload of EXPLODING does not match ExplodingDto: (dto) (threw: validator kaboom)',
      });
      expect(exploding.calls).toBe(0);
      await expectWorkerWentOn(good, stats);
    });
  });

  describe('when an entry\'s event type is not a valid type', () => {
    it.each([
      ['empty', '', 'must not be empty'],
      ['blank', '   ', 'must not be empty'],
      ['300 characters long', 'T'.repeat(300), `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`],
    ])('dead-letters it (%s) in every group that reads the stream, instead of skipping it as unrouted', async (_label, type, rule) => {
      const strict = new StrictProbe();
      const { backend, good, stats, letters } = await runAfter(['event', wire(type, '{"name":"x"}')], [probe, strict]);
      expect(letters.map((l) => l.organ).sort()).toEqual(['Probe', 'StrictProbe']);
      for (const letter of letters) {
        expect(letter).toMatchObject({ error_class: 'MalformedEntryError', reason: `Malformed entry: Invalid event: eventType ${rule}` });
      }
      expect(backend.metrics.eventsSkipped).toBe(0);
      await expectWorkerWentOn(good, stats, 2);
    });
  });

  describe('when an entry has two "event" fields', () => {
    it.each([
      ['both of a type the organs listen to', 'PROBE'],
      ['the first of a type no organ listens to', 'NOBODY_LISTENS'],
    ])('dead-letters the whole entry in every group, keeping both fields (%s)', async (_label, firstType) => {
      const strict = new StrictProbe();
      const entry = ['event', wire(firstType, '{"name":"first"}'), 'event', wire('PROBE', '{"name":"second"}')];
      const { good, stats, letters } = await runAfter(entry, [probe, strict]);
      expect(letters.map((l) => l.organ).sort()).toEqual(['Probe', 'StrictProbe']);
      for (const letter of letters) {
        expect(letter).toMatchObject({ error_class: 'MalformedEntryError', reason: 'Malformed entry: 2 "event" fields, where one is expected (fields: event, event)' });
        expect(JSON.parse(letter.event as string)).toEqual(entry);
      }
      expect(probe.received.map((e) => e.payload.name)).toEqual(['good']);
      await expectWorkerWentOn(good, stats, 2);
    });
  });

  describe('when an event has a type no organ listens to', () => {
    it('acks and counts it, without a dead letter or an error', async () => {
      const backend = env.backend();
      await backend.enqueue([new Event('NOBODY_LISTENS', { n: 1 }), new Event('NOBODY_LISTENS', { n: 2 })]);
      await env.xadd('event', wire('ALSO_UNKNOWN', '{}'));
      const good = new Event('PROBE', { name: 'good' });
      await backend.enqueue(good);

      const stats = await new Spine({ organs: [probe], backend, logger: silentLogger }).run();

      expect(probe.received.map((e) => e.id)).toEqual([good.id]);
      expect(stats).toMatchObject({ eventsProcessed: 1, eventsDeadLettered: 0, handlerErrors: {}, backendErrors: 0, ackErrors: 0 });
      expect(await env.deadLetterEntries()).toEqual([]);
      expect(backend.metrics).toMatchObject({ eventsPulled: 1, eventsAcked: 1, eventsFailed: 0, eventsSkipped: 3 });
      expect(await env.groups()).toEqual([expect.objectContaining({ name: 'necrostack:Probe', pending: 0, 'entries-read': 4, lag: 0 })]);
    });
  });

  describe('when a running worker meets every kind of bad input', () => {
    it('dead-letters each one and handles every good event in between', async () => {
      const backend = env.backend();
      const strict = new StrictProbe();
      const spine = new Spine({ organs: [probe, strict, new Exploding()], backend, logger: silentLogger, pollIntervalMs: 50 });
      const running = spine.runForever();
      const bad: (string | Buffer)[][] = [
        ['data', 'x'],
        ['event', '[1,2]'],
        ['event', '{nope'],
        ['event', wire('  ', '{}')],
        ['event', wire('PROBE', '{"name":"one"}'), 'event', wire('PROBE', '{"name":"two"}')],
        ['event', wire('PROBE', JSON.stringify({ name: 'x'.repeat(MAX_PAYLOAD_BYTES) }))],
        ['event', wire('PROBE', nested(10_000, '{"a":', '}', '{}'))],
        ['event', Buffer.concat([Buffer.from(wire('PROBE', '{"name":"').slice(0, -1)), Buffer.from([0xff]), Buffer.from('"}}')])],
        ['event', wire('PROBE', '{"name":"x","constructor":{"prototype":{"polluted":"yes"}}}')],
        ['event', wire('EXPLODING', '{"value":"x"}')],
      ];
      const good: string[] = [];
      try {
        for (const entry of bad) {
          await env.xadd(...entry);
          const event = new Event('PROBE', { name: `good-${good.length}` });
          good.push(event.id);
          await backend.enqueue(event);
        }
        await waitFor(() => strict.received.length === good.length && probe.received.length >= good.length, { what: 'every good event' });
        // Unreadable entries (an invalid type, two "event" fields) go to all three groups; PROBE ones to the two PROBE groups;
        // one is for StrictProbe only.
        await waitFor(async () => (await env.deadLetterEntries()).length === 5 * 3 + 3 * 2 + 2, { what: 'every dead letter' });
      } finally {
        await spine.stop(5_000);
        await running;
      }
      expect(strict.received.map((p) => p.name)).toEqual(good.map((_id, i) => `good-${i}`));
      expect(probe.received.filter((e) => good.includes(e.id)).map((e) => e.id)).toEqual(good);
      expect(spine.getStats()).toMatchObject({ handlerErrors: {}, backendErrors: 0, ackErrors: 0 });
      const letters = await env.deadLetterEntries();
      expect(letters.every((l) => l.reason !== '' && l.error_class !== '' && l.failed_at !== '')).toBe(true);
      for (const group of await env.groups()) expect(group.pending).toBe(0);
    });
  });
});

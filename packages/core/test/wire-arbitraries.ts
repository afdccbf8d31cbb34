// fast-check arbitraries of wire input, valid and not: shared by the fuzz specs of the core codec
// (test/event.fuzz.spec.ts) and of the Redis entry decoder (backend-redis/test/entry-codec.fuzz.spec.ts),
// and by the property tests of Event (test/event.property.spec.ts).
import fc from 'fast-check';
import { MAX_PAYLOAD_BYTES } from '../src';

/** Object keys, with the awkward ones (prototype names, empty, lone surrogates) often. */
export const key = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '') },
);

/** Any JSON value, small. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'xsmall', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const uuid = fc.uuid({ version: 4 });
const id = fc.oneof(
  { weight: 6, arbitrary: uuid },
  { weight: 1, arbitrary: uuid.map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: uuid.map((u) => `${u.slice(0, -1)}g`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const validTimestamp = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString());
const timestamp = fc.oneof(
  { weight: 6, arbitrary: validTimestamp },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2024-05-01T12:00:00', '2024-05-01T12:00:00.123456+00:00', '2024-05-01T12:00:00+0530', '+275760-09-13T00:00:00.001Z',
      '2024-13-45T25:61:61Z', 'yesterday', '', '0',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const eventType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('PROBE', 'ORDER_PLACED', ' PROBE ', '', '   ') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 262 }) },
);
const ref = fc.oneof(uuid, fc.constantFrom('', null), fc.string({ maxLength: 10 }));
const depth = fc.oneof(fc.nat(200), fc.constantFrom(-1, 1.5, -0, Number.MAX_SAFE_INTEGER + 1, 1e300), fc.string({ maxLength: 3 }));

/** Mostly `valid`, sometimes `invalid` (1 in 20). */
export function mostly<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 19, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

/** The wire form as an object: each field usually right, sometimes absent, wrong or any JSON value. */
export const wireObject = fc.record(
  {
    id: mostly(uuid, fc.oneof(id, jsonValue)),
    timestamp: mostly(validTimestamp, fc.oneof(timestamp, jsonValue)),
    event_type: mostly(fc.constantFrom('PROBE', 'ORDER_PLACED', ' PROBE '), fc.oneof(eventType, jsonValue)),
    payload: mostly(fc.dictionary(key, jsonValue, { maxKeys: 4 }), jsonValue),
    correlation_id: mostly(fc.oneof(uuid, fc.constant(null)), ref),
    causation_id: mostly(uuid, ref),
    causation_depth: mostly(fc.nat(200), depth),
    extra: jsonValue,
  },
  { requiredKeys: ['id', 'timestamp', 'event_type'] },
);

/** JSON text with a few characters deleted, inserted or replaced: broken JSON, mostly. */
function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), remove: fc.nat(3), insert: fc.string({ unit: 'binary', maxLength: 3 }) });
  return fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([source, edits]) => {
    let out = source;
    for (const { at, remove, insert } of edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + insert + out.slice(i + remove);
    }
    return out;
  });
}

/** A payload nested about as deep as the limit (256 levels), of objects or arrays. */
const deepText = fc.tuple(fc.integer({ min: 250, max: 262 }), fc.boolean(), uuid).map(([levels, arrays, eventId]) => {
  const inner = arrays ? `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}` : `${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`;
  return `{"id":"${eventId}","timestamp":"2024-05-01T12:00:00Z","event_type":"PROBE","payload":${inner}}`;
});

/** Events at the size limit and just over it, 10,000 levels deep, a huge array: costly, so given as fixed examples. */
export function bigWireTexts(): string[] {
  return [
    ['{"s":"', 'x'.repeat(MAX_PAYLOAD_BYTES - 8), '"}'].join(''),
    ['{"s":"', 'x'.repeat(MAX_PAYLOAD_BYTES - 7), '"}'].join(''),
    `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    `${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}`,
    `{"items":[${new Array(600_000).fill(0).join(',')}]}`,
  ].map((payload) => `{"id":"6f1c2b1e-8a4d-4c3e-9b2a-0d1e2f3a4b5c","timestamp":"2024-05-01T12:00:00Z","event_type":"PROBE","payload":${payload}}`);
}

/** Text a stream entry's `event` field might hold: valid events, near misses, garbage (weights in %). */
export const wireText: fc.Arbitrary<string> = fc.oneof(
  { weight: 36, arbitrary: wireObject.map((w) => JSON.stringify(w)) },
  { weight: 36, arbitrary: mutated(wireObject.map((w) => JSON.stringify(w))) },
  { weight: 14, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: wireObject.map((w) => JSON.stringify(JSON.stringify(w))) },
  { weight: 2, arbitrary: deepText },
);

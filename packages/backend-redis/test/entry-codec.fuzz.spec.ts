// Fuzzing the Redis entry decoder (pure: no Redis needed), 100,000 entries: it never throws, and
// gives an Event exactly when Event.fromJSON accepts the entry's text, a malformed entry with a
// reason otherwise. The dead-letter reader and the UTF-8 check get smaller runs.
import fc from 'fast-check';
import { Event, MalformedEntryError } from '@necrostack/core';
import { decodeEntry, invalidUtf8Bytes, replacedText, type DecodedEntry } from '../src/codec/entry-codec';
import { toFailedEvent } from '../src/codec/dead-letter-codec';
import { bigWireTexts, wireText } from '../../core/test/wire-arbitraries';

const RUNS = 100_000;

const fieldName = fc.oneof(fc.constantFrom('event', 'Event', 'data', 'event ', ''), fc.string({ unit: 'binary', maxLength: 8 }));
const anyFields = fc.array(fc.oneof(fieldName, wireText), { maxLength: 7 });
const entryFields: fc.Arbitrary<string[] | null> = fc.oneof(
  { weight: 70, arbitrary: wireText.map((text) => ['event', text]) },
  { weight: 10, arbitrary: fc.tuple(anyFields, wireText, anyFields).map(([before, text, after]) => [...before, 'event', text, ...after]) },
  { weight: 15, arbitrary: anyFields },
  { weight: 3, arbitrary: fc.tuple(wireText, wireText).map(([first, second]) => ['event', first, 'event', second]) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const WANTS: Record<string, (type: string) => boolean> = {
  all: () => true,
  none: () => false,
  probe: (type) => type === 'PROBE',
};

/** Whether Event.fromJSON accepts `text`: the oracle for what decodeEntry must decode. */
function acceptedByCore(text: string): Event | undefined {
  try {
    return Event.fromJSON(text);
  } catch {
    return undefined;
  }
}

/** The `event` field's text as decodeEntry reads it: the first field named exactly `event`, at an even index. */
function eventText(fields: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'event') return fields[i + 1];
  return undefined;
}

/** How many fields named exactly `event` an entry has, at even indexes. */
function eventFieldCount(fields: readonly string[]): number {
  let count = 0;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'event') count++;
  return count;
}

/** Whether the core accepts `type` as an event type. */
function validType(type: string): boolean {
  try {
    return new Event(type).eventType.length > 0;
  } catch {
    return false;
  }
}

/** The event type an entry would be skipped for, or undefined when its text has no readable type. */
function readableType(text: string): string | undefined {
  try {
    const data: unknown = JSON.parse(text);
    const type = typeof data === 'object' && data !== null ? (data as { event_type?: unknown }).event_type : undefined;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

function check(fields: string[] | null, wantsName: string, decoded: DecodedEntry | undefined): void {
  const wants = WANTS[wantsName] as (type: string) => boolean;
  const text = fields === null ? undefined : eventText(fields);
  const duplicated = fields !== null && eventFieldCount(fields) > 1;
  const type = text === undefined || duplicated ? undefined : readableType(text);
  // Only a valid type nobody wants is skipped: an invalid one is malformed for every group.
  const skipped = fields === null || (type !== undefined && !wants(type) && !wants(type.trim()) && validType(type));
  if (skipped) {
    if (decoded !== undefined) throw new Error(`expected the entry to be skipped, got ${decoded.kind}`);
    return;
  }
  if (decoded === undefined) throw new Error('a wanted or unreadable entry was skipped');
  if (duplicated) {
    if (decoded.kind !== 'malformed' || decoded.raw !== JSON.stringify(fields)) throw new Error('an entry with two "event" fields was not malformed with both kept');
    return;
  }
  const expected = text === undefined ? undefined : acceptedByCore(text);
  if (decoded.kind === 'event') {
    if (!expected || Event.encode(decoded.event) !== Event.encode(expected)) throw new Error(`decoded what the core rejects: ${text?.slice(0, 200)}`);
    return;
  }
  if (expected) throw new Error(`rejected what the core accepts: ${text?.slice(0, 200)}`);
  if (!(decoded.error instanceof MalformedEntryError) || !decoded.error.message.startsWith('Malformed entry: ') || decoded.error.message.length <= 17) {
    throw new Error(`malformed without a reason: ${decoded.error.message}`);
  }
  if (text !== undefined && decoded.raw !== text) throw new Error('the raw text of a malformed entry was not kept');
}

describe('Redis entry codec (fuzz)', () => {
  it(`decodeEntry: ${RUNS} entries decode as Event.fromJSON says, or are malformed with a reason; it never throws`, () => {
    const counts = { event: 0, malformed: 0, skipped: 0 };
    let slowestMs = 0;
    fc.assert(
      fc.property(entryFields, fc.constantFrom(...Object.keys(WANTS)), (fields, wantsName) => {
        const started = performance.now();
        const decoded = decodeEntry(fields, { has: WANTS[wantsName] as (type: string) => boolean });
        slowestMs = Math.max(slowestMs, performance.now() - started);
        counts[decoded?.kind ?? 'skipped']++;
        check(fields, wantsName, decoded);
      }),
      { numRuns: RUNS, examples: bigWireTexts().map((text): [string[], string] => [['event', text], 'all']) },
    );
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify({ ...counts, slowestMs }));
    // The slowest case is reported (FUZZ_REPORT=1), not asserted: a time bound fails on a loaded machine.
    for (const kind of ['event', 'malformed', 'skipped'] as const) expect(counts[kind]).toBeGreaterThan(RUNS / 20);
  });

  it('toFailedEvent: any dead-letter entry (ours, Python\'s, garbage) reads without throwing', () => {
    const letterFields = fc.array(
      fc.oneof(fc.constantFrom('original_id', 'event', 'reason', 'failed_at', 'organ', 'error_class', 'error_code', 'attempts', 'group'), fieldName, wireText),
      { maxLength: 12 },
    );
    const entryId = fc.tuple(fc.nat(), fc.nat()).map(([ms, seq]) => `${ms}-${seq}`);
    fc.assert(
      fc.property(entryId, fc.oneof(letterFields, fc.constant(null)), (id, fields) => {
        const letter = toFailedEvent([id, fields]);
        const ok = (letter.event === undefined || letter.event instanceof Event) && typeof letter.raw === 'string'
          && !Number.isNaN(letter.failedAt.getTime()) && Number.isSafeInteger(letter.attempts) && letter.attempts >= 1;
        if (!ok) throw new Error(`bad dead letter read: ${JSON.stringify(letter)}`);
      }),
      { numRuns: 10_000 },
    );
  });

  it('invalidUtf8Bytes and replacedText: bytes that are not UTF-8 are told apart from a real U+FFFD', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.boolean(), (bytes, withReplacement) => {
        const value = Buffer.concat([Buffer.from(bytes), Buffer.from(withReplacement ? '\uFFFD' : '')]);
        const lossless = Buffer.from(value.toString()).equals(value);
        if ((invalidUtf8Bytes([Buffer.from('event'), value]) === undefined) !== lossless) throw new Error(`misjudged ${value.toString('hex')}`);
        // Every entry that is not UTF-8 reads with U+FFFD: it is always looked at again.
        if (!lossless && replacedText(['event', value.toString()]) === undefined) throw new Error(`missed ${value.toString('hex')}`);
      }),
      { numRuns: 20_000 },
    );
  });
});

// The hand-written fast paths of the id and timestamp checks agree with the general ones they skip.
import fc from 'fast-check';
import { EventValidationError } from '../src';
import { checkId, checkTimestamp } from '../src/event/event-fields';

// Version 4 and the RFC 4122 variant, as the original NecroStack (pydantic UUID4) requires.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** What checkId should do, by the regular expression. */
function expectedId(id: string): string | 'invalid' {
  return UUID_PATTERN.test(id) ? id.toLowerCase() : 'invalid';
}

function actual<T>(check: () => T): T | 'invalid' {
  try {
    return check();
  } catch (error) {
    if (error instanceof EventValidationError) return 'invalid';
    throw error;
  }
}

/** A 36-character string that is a UUID (of any version), or nearly one (a wrong character or a misplaced dash). */
const uuidLike = fc.tuple(
  fc.oneof(fc.uuid({ version: 4 }), fc.uuid()),
  fc.boolean(),
  fc.nat({ max: 35 }),
  fc.constantFrom('-', 'g', 'G', 'A', 'f', '0', ' ', 'é', '/', ':', '@', '`', '{'),
).map(([uuid, mutate, at, char]) => {
  const upper = at % 2 === 0 ? uuid.toUpperCase() : uuid;
  return mutate ? upper.slice(0, at) + char + upper.slice(at + 1) : upper;
});

const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
/** `YYYY-MM-DDTHH:MM:SS.sssZ` with every field over its whole digit range, valid or not. */
const canonicalShaped = fc.tuple(
  fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
  twoDigits, twoDigits, twoDigits, twoDigits, twoDigits,
  fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
).map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);

/** A canonical timestamp with one character replaced: a sign, a letter, a space, a dot or another digit. */
const nearlyCanonical = fc.tuple(canonicalShaped, fc.nat({ max: 23 }), fc.constantFrom('-', '+', 'x', ' ', '.', ':', '0', '9', 'Z', 'T'))
  .map(([text, at, char]) => text.slice(0, at) + char + text.slice(at + 1));

describe('event field checks', () => {
  it('checkId accepts and lowercases exactly what the UUID pattern matches', () => {
    fc.assert(fc.property(fc.oneof(uuidLike, fc.string({ maxLength: 40 })), (id) => {
      expect(actual(() => checkId(id))).toBe(expectedId(id));
    }), { numRuns: 20_000 });
  });

  it('checkTimestamp reads canonical UTC timestamps as Date.parse does, valid or not', () => {
    fc.assert(fc.property(fc.oneof(canonicalShaped, nearlyCanonical), (text) => {
      const parsed = Date.parse(text);
      const expected = Number.isFinite(parsed) ? parsed : 'invalid';
      expect(actual(() => checkTimestamp(text))).toBe(expected);
    }), { numRuns: 20_000 });
  });

  it('checkTimestamp still reads the other ISO 8601 forms through Date.parse', () => {
    expect(checkTimestamp('2024-03-01T12:00:00Z')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(checkTimestamp('2024-03-01T12:00:00.123456')).toBe(Date.UTC(2024, 2, 1, 12, 0, 0, 123)); // Python, no offset: UTC
    expect(checkTimestamp('2024-03-01T14:00:00.000+02:00')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(checkTimestamp('0050-01-01T00:00:00.000Z')).toBe(Date.parse('0050-01-01T00:00:00.000Z'));
  });
});

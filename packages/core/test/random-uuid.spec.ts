import { Event } from '@necrostack/core';
import { randomUuid } from '../src/event/random-uuid';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes lowercase version 4 UUIDs with the RFC 4122 variant, across many refills of its pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = randomUuid();
      expect(id).toMatch(V4);
      seen.add(id);
    }
    expect(seen.size).toBe(10_000);
  });

  it('uses every hex digit in every random position (no stuck bits)', () => {
    const digits = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) [...randomUuid()].forEach((c, at) => digits[at]!.add(c));
    digits.forEach((set, at) => {
      if ([8, 13, 18, 23].includes(at)) expect([...set]).toEqual(['-']);
      else if (at === 14) expect([...set]).toEqual(['4']);
      else if (at === 19) expect([...set].sort()).toEqual(['8', '9', 'a', 'b']);
      else expect(set.size).toBe(16);
    });
  });

  it('gives each new Event an id of its own that survives the wire', () => {
    const events = Array.from({ length: 600 }, () => new Event('A', {}));
    expect(new Set(events.map((e) => e.id)).size).toBe(600);
    for (const event of events.slice(250, 260)) expect(Event.fromJSON(Event.encode(event)).id).toBe(event.id);
  });
});

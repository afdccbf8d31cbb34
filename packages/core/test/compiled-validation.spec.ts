// The compiled DTO validation gives class-validator's exact results: a short differential run on
// generated payloads across every covered constraint kind (the long run is the .fuzz spec).
import fc from 'fast-check';
import { Event, validatePayload } from '../src';
import { KNOWN_CONSTRAINTS } from '../src/validation/compiled/known-constraints';
import { KINDS } from './dto-differential/constraint-kinds';
import { Differential } from './dto-differential/compare';
import { CASES, ChainDto } from './dto-differential/dtos';

const RUNS_PER_DTO = 60;

describe('compiled DTO validation', () => {
  const differential = new Differential();

  it('covers at least 30 constraint kinds, each of them compiled', () => {
    expect(KINDS.length).toBeGreaterThanOrEqual(30);
    for (const kind of KINDS) expect(KNOWN_CONSTRAINTS).toContain(kind.name);
  });

  it.each(CASES.map((c) => [c.dto.name, c]))('%s: compiled where expected', (_name, c) => {
    expect(differential.supports(c.dto)).toBe(c.compiled);
  });

  it.each(CASES.map((c) => [c.dto.name, c]))('%s: same verdicts, instances and errors as class-validator', (_name, c) => {
    fc.assert(fc.property(c.payload, (payload) => differential.expectSame(c.dto, payload)), { numRuns: RUNS_PER_DTO });
  });

  it.each([
    ['under a key class-transformer skips (a method name)', { n: 1, from: 'a', toString: { prototype: 1 } }],
    ['deep in an array', { n: 1, from: 'a', extra: [{ ok: [JSON.parse('{"__proto__":{"x":1}}')] }] }],
  ])('refuses a forbidden key %s, as class-validator\'s path does', (_where, payload) => {
    differential.expectSame(ChainDto, new Event('T', payload).payload);
    expect(() => validatePayload(ChainDto, new Event('T', payload).payload, 'T')).toThrow(/forbiddenKey/);
  });
});

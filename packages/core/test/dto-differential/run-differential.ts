// Runs the differential test over `--payloads N` generated payloads spread over every DTO case,
// outside jest (whose module sandbox makes class-validator several times slower), and prints one
// JSON line: { payloads, valid, cases, failure? }. Used by compiled-validation.fuzz.spec.ts.
import 'reflect-metadata';
import fc from 'fast-check';
import { Differential } from './compare';
import { CASES } from './dtos';
import { validatePayload } from '../../src';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const total = option('payloads', 10_000);
const seed = option('seed', Date.now() % 2 ** 31);
const perCase = Math.ceil(total / CASES.length);
const differential = new Differential();
let payloads = 0;
let valid = 0;
let failure: string | undefined;
for (const c of CASES) {
  const details = fc.check(fc.property(c.payload, (payload) => {
    payloads++;
    differential.expectSame(c.dto, payload);
    if (isValid(c.dto, payload)) valid++;
  }), { numRuns: perCase, seed });
  if (details.failed) {
    failure = `${c.dto.name}: ${fc.defaultReportMessage(details) ?? 'failed'}`;
    break;
  }
}
console.log(JSON.stringify({ payloads, valid, cases: CASES.length, seed, failure }));

function isValid(dto: (typeof CASES)[number]['dto'], payload: object): boolean {
  try {
    validatePayload(dto, payload, 'T');
    return true;
  } catch {
    return false;
  }
}

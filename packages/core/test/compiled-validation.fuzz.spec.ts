// The long differential run: ≥ 1,000,000 generated payloads over every constraint kind and DTO
// case, compiled path vs plainToInstance + validateSync, zero differences. It runs in two child
// processes (one per core) outside jest, whose module sandbox makes class-validator much slower.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const PAYLOADS = 1_000_000;
const PROCESSES = 2;
const RUNNER = path.join(__dirname, 'dto-differential', 'run-differential.js');
const ROOT = path.join(__dirname, '..', '..', '..');

interface RunReport {
  readonly payloads: number;
  readonly valid: number;
  readonly seed: number;
  readonly failure?: string;
}

async function run(payloads: number, seed: number): Promise<RunReport> {
  const { stdout } = await promisify(execFile)(process.execPath, [RUNNER, '--payloads', String(payloads), '--seed', String(seed)], {
    cwd: ROOT, timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as RunReport;
}

describe('compiled DTO validation, long differential run', () => {
  it(`gives class-validator's results on ${PAYLOADS.toLocaleString('en')} payloads`, async () => {
    const base = Date.now() % 1_000_000;
    const reports = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => run(Math.ceil(PAYLOADS / PROCESSES), base + i)));
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify(reports));
    for (const report of reports) expect(report.failure).toBeUndefined();
    const total = reports.reduce((sum, r) => sum + r.payloads, 0);
    const valid = reports.reduce((sum, r) => sum + r.valid, 0);
    expect(total).toBeGreaterThanOrEqual(PAYLOADS);
    // Both verdicts are well represented, so both paths are exercised.
    expect(valid / total).toBeGreaterThan(0.25);
    expect(valid / total).toBeLessThan(0.75);
  }, 25 * 60_000);
});

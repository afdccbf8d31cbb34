// The short chaos runs, inside `npm test`: 2 `necro worker` processes on a private Redis, and in a
// schema of their own on PostgreSQL, 3,000 events (each with a follow-up), planted poison, and 6
// seeded faults — every kind the backend takes at least once. The long runs are `npm run test:chaos`
// and `npm run test:chaos:postgres`; all are test/chaos/run.js (see docs/guarantees.md).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The part of `run.js --json` this spec reads. */
interface ChaosJson {
  pass: boolean;
  problems: string[];
  events: number;
  poison: number;
  crashPoison: number;
  eventsHandled: number;
  followUps: number;
  followUpsExpected: number;
  faultsByKind: Record<string, number>;
  lost: number;
  duplicates: number;
  deadLetters: number;
  deadLettersPoison: number;
  deadLettersUnexpected: number;
  workerExits: Record<string, number | string | null>;
}

const RUN = join(__dirname, 'run.js');
// Every kind of fault each backend takes: workers killed and stalled, connections cut, an event that
// exits its worker; Redis also restarted and out of memory (PostgreSQL is shared: never touched).
const { KINDS_BY_BACKEND } = require('./fault-plan') as { KINDS_BY_BACKEND: Record<'redis' | 'postgres', readonly string[]> };
const ARGS = ['--events', '3000', '--faults', '6',
  '--workers', '2', '--seed', '7', '--claim-min-idle-ms', '1000', '--gap-ms', '500-1500', '--work-ms', '8', '--drain-timeout-ms', '30000', '--json'];

describe.each<['redis' | 'postgres', string]>([
  ['redis', 'workers killed, stalled and cut off, Redis restarted and out of memory'],
  ['postgres', 'workers killed, stalled and cut off (pg_terminate_backend)'],
])('chaos on %s: %s', (backend) => {
  const kinds = KINDS_BY_BACKEND[backend];
  let child: ChildProcess | undefined;
  afterAll(() => {
    // run.js kills its redis-server and workers (by pid) and deletes its directory on SIGTERM.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('loses no event, and dead-letters exactly the poison events', async () => {
    child = spawn(process.execPath, [RUN, '--backend', backend, '--kinds', kinds.join(','), ...ARGS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    // 'close', not 'exit': the report is complete only once stdout is drained.
    const code = await new Promise<number | null>((resolve) => child?.once('close', (c) => resolve(c)));
    let report: ChaosJson;
    try {
      report = JSON.parse(stdout) as ChaosJson;
    } catch {
      throw new Error(`run.js printed no report (exit ${code}):\n${stderr.slice(-4_000)}`);
    }

    expect(report.problems).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.eventsHandled).toBe(report.events - report.poison);
    expect(report.followUps).toBe(report.followUpsExpected);
    // `poison` counts the crash-poison events too.
    expect(report.crashPoison).toBeGreaterThan(0);
    expect(report.deadLetters).toBe(report.poison);
    expect(report.deadLettersPoison).toBe(report.poison);
    expect(report.deadLettersUnexpected).toBe(0);
    for (const kind of kinds) {
      expect(report.faultsByKind[kind]).toBeGreaterThanOrEqual(1);
    }
    expect(Object.values(report.workerExits)).toEqual([0, 0]); // a clean SIGTERM shutdown after all that
    expect(code).toBe(0);
  }, 90_000);
});

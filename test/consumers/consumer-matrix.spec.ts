// The consumer matrix (test/consumers/run.js) as a jest test: every published package, packed and
// installed from its tarball, type-checks (no skipLibCheck) and runs the README's quick start under
// every common setup, with the newest and the oldest supported peer dependencies.
// Its own jest project (`npm run test:consumers`): it installs packages with npm, about 2 minutes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { publishablePackages } = require('./packages') as { publishablePackages: () => { name: string; manifest: Record<string, unknown> }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { peerRanges } = require('./profiles') as { peerRanges: (packages: ReturnType<typeof publishablePackages>) => Record<string, string> };

interface Cell {
  variant: string;
  title: string;
  ok: boolean;
  stage: string;
  detail: string;
}

interface Result {
  packages: string[];
  profiles: { profile: string; installed: Record<string, string>; cells: Cell[] }[];
}

describe('the consumer matrix', () => {
  it('type-checks and runs the quick start under every setup, with the newest and the oldest peer dependencies', () => {
    const run = spawnSync(process.execPath, [join(__dirname, 'run.js'), '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0 && run.status !== 1) throw new Error(`run.js failed (${run.status}):\n${run.stderr}`);
    const result = JSON.parse(run.stdout) as Result;

    expect(result.packages).toEqual(expect.arrayContaining(['@necrostack/core', '@necrostack/backend-memory', '@necrostack/backend-redis', '@necrostack/cli']));
    expect(result.profiles.map((p) => p.profile)).toEqual(['newest', 'oldest']);
    for (const { installed } of result.profiles) {
      // Every peer dependency a published package declares (tsyringe, class-validator… and the NestJS ones).
      expect(Object.keys(installed).sort()).toEqual(Object.keys(peerRanges(publishablePackages())).sort());
      expect(Object.keys(installed)).toEqual(expect.arrayContaining(['class-transformer', 'class-validator', 'reflect-metadata', 'tsyringe']));
    }
    const failures = result.profiles.flatMap((p) => p.cells.filter((c) => !c.ok).map((c) => `${p.profile} / ${c.title}: ${c.stage} failed:\n${c.detail}`));
    expect(failures).toEqual([]);
    expect(result.profiles.flatMap((p) => p.cells.map((c) => c.variant))).toEqual(
      ['newest', 'oldest'].flatMap(() => ['single-copy', 'commonjs', 'node16-cjs', 'node20-cjs', 'nodenext-esm', 'bundler', 'js-require']));
  });
});

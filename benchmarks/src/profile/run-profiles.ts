import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Progress } from '../lib/progress';
import type { ProfileSummary } from '../model/results';
import { DIST_DIR, PROFILES_DIR, REPO_DIR } from '../paths';
import type { ProfileScenario } from '../targets/targets';
import { summariseProfile, type CpuProfile } from './summarise';

const TITLES: Record<ProfileScenario, string> = {
  chain: 'In-memory chain, default options (3 × 100,000 input events)',
  dto: 'One DTO organ in memory (3 × 50,000 events)',
  'latency-memory': 'In-memory dispatch at 100,000 events/s for 2 s',
  'redis-throughput': 'Redis end to end, single stream, 1 worker process (100,000 events)',
  'redis-latency': 'Redis latency at 5,000 events/s for 3 s',
};
const TIMEOUT_MS = 120_000;

/**
 * Runs each scenario once under `node --cpu-prof` (its worker processes too) and summarises every
 * profile written. The .cpuprofile files stay in benchmarks/results/profiles/<scenario>/ for DevTools.
 */
export async function profileScenarios(scenarios: readonly ProfileScenario[], mode: 'quick' | 'full', progress: Progress): Promise<ProfileSummary[]> {
  const summaries: ProfileSummary[] = [];
  for (const scenario of scenarios) {
    progress.step('profile', '--cpu-prof', TITLES[scenario]);
    const dir = join(PROFILES_DIR, scenario);
    rmSync(dir, { recursive: true, force: true });
    for (const sub of ['main', 'worker']) mkdirSync(join(dir, sub), { recursive: true });
    const script = join(DIST_DIR, 'profile', 'profile-scenario.js');
    const execArgv = ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'main')}`];
    const code = await run(script, [scenario, join(dir, 'worker'), mode], execArgv);
    if (code !== 0) progress.print(`profile of ${scenario} exited with ${code}`);
    const shown = relative(REPO_DIR, dir);
    const command = `node --cpu-prof --cpu-prof-dir=${shown}/main ${relative(REPO_DIR, script)} ${scenario} ${shown}/worker ${mode}`;
    summaries.push(...summariseDir(scenario, dir, command));
  }
  return summaries;
}

/** Summaries of the profiles in `dir`/main (the scenario's process) and `dir`/worker (its workers). */
export function summariseDir(scenario: ProfileScenario, dir: string, command: string): ProfileSummary[] {
  const summaries: ProfileSummary[] = [];
  for (const [sub, role] of [['main', 'bench process'], ['worker', 'worker process']] as const) {
    for (const file of readdirSync(join(dir, sub)).filter((f) => f.endsWith('.cpuprofile')).sort()) {
      const profile = JSON.parse(readFileSync(join(dir, sub, file), 'utf8')) as CpuProfile;
      summaries.push({ scenario, title: `${TITLES[scenario]}: ${role}`, command, ...summariseProfile(profile, REPO_DIR) });
    }
  }
  return summaries;
}

function run(script: string, args: readonly string[], execArgv: readonly string[]): Promise<number | string> {
  return new Promise((resolve) => {
    const child = fork(script, [...args], { execArgv: [...execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve(signal ?? code ?? 'unknown'); });
  });
}

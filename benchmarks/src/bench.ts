// `npm run bench [-- --full | --only … | --help]`: runs the scenario groups, prints each group's
// table with ratios as it finishes, checks the targets, profiles the scenarios of unmet ones, writes
// benchmarks/results/<date>.json and regenerates docs/benchmarks.md with its charts.
import { loadavg } from 'node:os';
import { commandLine, parseOptions, USAGE, type BenchOptions } from './cli/options';
import { GROUPS, selectGroups } from './groups';
import { runGroup, type GroupRunner, type RunContext } from './harness/group';
import { clock } from './lib/format';
import { describeMachine } from './lib/machine';
import { Progress } from './lib/progress';
import { groupTable, textTable } from './lib/table';
import type { BenchResults, GroupResult, TargetResult } from './model/results';
import { FULL, QUICK, type Sizes } from './model/sizes';
import { RESULTS_DIR } from './paths';
import { profileScenarios } from './profile/run-profiles';
import { writeResults } from './report/results-file';
import { writeReport } from './report/write-report';
import { killAll } from './lib/child';
import { REDIS_URL, deleteCreatedKeys } from './redis/redis-info';
import { evaluateTargets, type ProfileScenario } from './targets/targets';

function sizesFor(options: BenchOptions): Sizes {
  const sizes = options.mode === 'full' ? FULL : QUICK;
  return options.rounds === null ? sizes : { ...sizes, rounds: options.rounds };
}

/** A group's terminal output: title, table, error if any. */
export function renderGroup(group: GroupResult): string {
  const lines = [`\n${group.title}  (${clock(group.seconds)})`];
  if (group.rows.length > 0) lines.push(textTable(groupTable(group)));
  if (group.error) lines.push(`FAILED: ${group.error}`);
  return lines.join('\n');
}

function renderTargets(targets: readonly TargetResult[], partial: boolean): string {
  const rows = targets.filter((t) => !partial || t.status !== 'not measured').map((t) => [t.status === 'met' ? 'met' : t.status === 'not met' ? 'NOT MET' : '–', t.text, t.measured]);
  return `\nTargets\n${textTable([['status', 'target', 'measured (median)'], ...rows])}`;
}

async function runGroups(groups: readonly GroupRunner[], sizes: Sizes, redis: string | null): Promise<GroupResult[]> {
  const progress = new Progress(groups.reduce((n, g) => n + g.steps(sizes), 0));
  const results: GroupResult[] = [];
  for (const runner of groups) {
    const context: RunContext = { sizes, progress, redisUrl: REDIS_URL, previous: results };
    const result = runner.section === 'redis' && redis === null
      ? {
        id: runner.id, section: runner.section, ...runner.describe(sizes), rows: [], seconds: 0,
        error: `Redis not reachable at ${REDIS_URL}: start one (redis-server) or set REDIS_URL`,
      }
      : await runGroup(runner, context);
    results.push(result);
    progress.print(renderGroup(result));
  }
  progress.clear();
  return results;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const started = new Date();
  const loadAtStart = loadavg()[0] ?? NaN;
  const sizes = sizesFor(options);
  const groups = selectGroups(options.only);
  const before = await describeMachine(REDIS_URL, loadAtStart);
  console.log(`NecroStack benchmarks, ${options.mode} run: ${groups.length} of ${GROUPS.length} groups, ${sizes.rounds} rounds after a warm-up`);
  console.log(`${before.cores} cores (${before.cpuModel}), ${before.memoryGiB} GiB, Node ${before.node}, Redis ${before.redis ?? `not reachable at ${REDIS_URL}`}, load ${loadAtStart.toFixed(2)}`);
  console.log(`Command: ${commandLine(argv)}`);

  const measured = await runGroups(groups, sizes, before.redis);
  let targets = evaluateTargets({ groups: measured });
  const unmet = [...new Set(targets.filter((t) => t.status === 'not met' && t.profile).map((t) => t.profile as ProfileScenario))];
  const profiles = options.profile && unmet.length > 0
    ? await profileScenarios(unmet, options.mode, new Progress(unmet.length))
    : [];
  new Progress(0).clear();
  targets = evaluateTargets({ groups: measured });
  const results: BenchResults = {
    schema: 1,
    startedAt: started.toISOString(),
    seconds: (Date.now() - started.getTime()) / 1000,
    mode: options.mode,
    only: options.only,
    command: commandLine(argv),
    note: options.note,
    rounds: sizes.rounds,
    machine: await describeMachine(REDIS_URL, loadAtStart),
    groups: measured,
    targets,
    profiles,
  };
  console.log(renderTargets(targets, options.only !== null));
  const path = writeResults(RESULTS_DIR, results);
  console.log(`\nResults: ${path}`);
  if (options.only === null && options.report) {
    for (const file of writeReport(results, path)) console.log(`wrote ${file}`);
  }
  console.log(`Done in ${clock(results.seconds)}.`);
  if (measured.some((g) => g.error)) process.exitCode = 1;
}

/** Ctrl-C: kill the workers and delete this run's keys (bounded), then exit. */
function onInterrupt(signal: NodeJS.Signals): void {
  new Progress(0).clear();
  process.stderr.write(`\n${signal}: stopping the workers and deleting this run's keys\n`);
  killAll();
  const bound = setTimeout(() => process.exit(130), 5_000);
  void deleteCreatedKeys().catch(() => undefined).finally(() => { clearTimeout(bound); process.exit(130); });
}
process.once('SIGINT', onInterrupt);
process.once('SIGTERM', onInterrupt);

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}).finally(() => {
  // Lingering sockets (BullMQ, node-redis) must not keep a finished run alive.
  setTimeout(() => process.exit(), 1_000).unref();
});

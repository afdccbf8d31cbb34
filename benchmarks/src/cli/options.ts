/** What `npm run bench -- [flags]` asked for. */
export interface BenchOptions {
  readonly mode: 'quick' | 'full';
  /** Sections (`memory`, `redis`) or group ids; null runs everything. */
  readonly only: readonly string[] | null;
  /** A line the report prints under the machine, e.g. that the machine was shared. */
  readonly note: string | null;
  /** Profile the scenarios behind unmet targets with --cpu-prof (default on). */
  readonly profile: boolean;
  /** Regenerate docs/benchmarks.md after a complete run (default on). */
  readonly report: boolean;
  readonly rounds: number | null;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run bench [-- options]

  (no option)        quick run, about 7 minutes on 2 cores
  --full             the full run: 5 rounds, larger sizes, several times longer
  --only <list>      sections or groups, comma-separated: memory, redis, throughput-memory, dto,
                     latency-memory, soak, fan-out-memory, throughput-redis, latency, fan-out-redis, cost
                     (results go to results/<date>-<list>.json; docs are not regenerated)
  --rounds <n>       measured rounds after the warm-up (quick 3, full 5)
  --note <text>      a remark printed with the machine in docs/benchmarks.md
  --no-profile       do not profile the scenarios of unmet targets
  --no-report        do not regenerate docs/benchmarks.md

Redis: REDIS_URL (default redis://127.0.0.1:6379).`;

/** Parses the flags after `npm run bench --`; throws on an unknown flag. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  let mode: BenchOptions['mode'] = 'quick';
  let only: string[] | null = null;
  let note: string | null = null;
  let rounds: number | null = null;
  let profile = true;
  let report = true;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--full') mode = 'full';
    else if (arg === '--quick') mode = 'quick';
    else if (arg === '--only') only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg === '--note') note = value();
    else if (arg === '--rounds') rounds = positive(value());
    else if (arg === '--no-profile') profile = false;
    else if (arg === '--no-report') report = false;
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  return { mode, only, note, profile, report, rounds, help };
}

/** The command that reproduces a run, as the report prints it. */
export function commandLine(argv: readonly string[]): string {
  return argv.length > 0 ? `npm run bench -- ${argv.map(shellQuote).join(' ')}` : 'npm run bench';
}

/** `arg` as a POSIX shell word. */
export function shellQuote(arg: string): string {
  return /^[\w,.=/:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function positive(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds must be a positive integer, got ${text}`);
  return n;
}

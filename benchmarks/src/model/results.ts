// The typed JSON a run writes to benchmarks/results/<date>.json; the report reads nothing else.

/** Median of repeated measurements with their range. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One measured quantity of a group. */
export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  /** Decimals shown. */
  readonly digits: number;
  readonly better: 'higher' | 'lower';
}

/** One contender (or one contender at one setting) with every metric it measured. */
export interface Row {
  /** The contender, stable across runs: `necrostack-c1`, `bullmq`. */
  readonly key: string;
  readonly label: string;
  /** Rows are compared within a subgroup (a rate, a contender of the fan-out). */
  readonly subgroup?: string;
  readonly values: Readonly<Record<string, Spread>>;
  /** Every round's value, per metric, in order. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly note?: string;
}

/** A ratio column: `row.metric / baseline.metric`, the baseline being the row of `baseline` key in the same subgroup. */
export interface Ratio {
  readonly metric: string;
  readonly baseline: string;
  readonly label: string;
}

/** How the report draws a group. */
export type Chart =
  | { readonly kind: 'bars'; readonly file: string; readonly metric: string }
  | { readonly kind: 'metrics'; readonly file: string; readonly metrics: readonly string[] }
  | { readonly kind: 'subgroups'; readonly file: string; readonly metric: string };

export interface GroupResult {
  readonly id: string;
  readonly section: Section;
  readonly title: string;
  /** What was measured and how, one paragraph of markdown. */
  readonly description: string;
  readonly metrics: readonly Metric[];
  readonly rows: readonly Row[];
  readonly ratios: readonly Ratio[];
  /** Header of the subgroup column, when rows have subgroups. */
  readonly subgroupLabel?: string;
  readonly chart?: Chart;
  readonly seconds: number;
  /** Set when the group could not run to the end. */
  readonly error?: string;
}

export type Section = 'memory' | 'redis' | 'postgres';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly redis: string | null;
  /** 1-minute load average when the run started and when it ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** Where the CPU time of one profiled scenario went. */
export interface ProfileSummary {
  readonly scenario: string;
  readonly title: string;
  readonly command: string;
  readonly sampledMs: number;
  readonly idlePercent: number;
  /** Requiring and compiling modules, left out of the percentages below. */
  readonly startupPercent: number;
  /** Self time by package or area, busiest first, in percent of the time neither idle nor starting up. */
  readonly areas: readonly { readonly area: string; readonly percent: number }[];
  /** Busiest functions by self time. */
  readonly functions: readonly { readonly name: string; readonly location: string; readonly area: string; readonly percent: number }[];
}

export interface TargetResult {
  readonly id: string;
  readonly area: 'core' | 'redis';
  readonly text: string;
  readonly source: string;
  readonly measured: string;
  readonly status: 'met' | 'not met' | 'not measured';
  readonly profile?: string;
}

export interface BenchResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly seconds: number;
  readonly mode: 'quick' | 'full';
  /** The groups or sections asked for with `--only`, if any. */
  readonly only: readonly string[] | null;
  readonly command: string;
  readonly note: string | null;
  readonly rounds: number;
  readonly machine: Machine;
  readonly groups: readonly GroupResult[];
  readonly targets: readonly TargetResult[];
  readonly profiles: readonly ProfileSummary[];
}

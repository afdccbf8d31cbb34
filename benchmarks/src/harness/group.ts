import type { GroupResult, Row, Section } from '../model/results';
import type { Sizes } from '../model/sizes';
import type { Progress } from '../lib/progress';

/** What a group gets to run with. */
export interface RunContext {
  readonly sizes: Sizes;
  readonly progress: Progress;
  readonly redisUrl: string;
  /** The groups that ran before this one in this run. */
  readonly previous: readonly GroupResult[];
}

/** The static part of a group's result: what it measures and how the report shows it. */
export type GroupDescription = Omit<GroupResult, 'id' | 'section' | 'rows' | 'seconds' | 'error'>;

/** One scenario group: a small module under groups/. */
export interface GroupRunner {
  readonly id: string;
  readonly section: Section;
  describe(sizes: Sizes): GroupDescription;
  /** Progress steps `measure` reports, for the bar's total. */
  steps(sizes: Sizes): number;
  measure(context: RunContext): Promise<Row[]>;
}

/** Runs a group, timing it; a group that throws yields its description, no rows, and the error. */
export async function runGroup(runner: GroupRunner, context: RunContext): Promise<GroupResult> {
  const started = Date.now();
  const base = { id: runner.id, section: runner.section, ...runner.describe(context.sizes) };
  try {
    const rows = await runner.measure(context);
    return { ...base, rows, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, rows: [], seconds: (Date.now() - started) / 1000, error: message };
  }
}

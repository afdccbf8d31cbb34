/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC.
 *
 * Each field takes `*`, a number, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of those;
 * months take `JAN`–`DEC` and days of the week `SUN`–`SAT` (0 and 7 are both Sunday). As in Vixie
 * cron, when both the day of the month and the day of the week are restricted, a day matching either
 * one matches. The macros `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and
 * `@hourly` stand for their usual expressions.
 */

/** A parsed expression: the allowed values of each field. */
export interface CronExpression {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday. */
  readonly daysOfWeek: ReadonlySet<number>;
  /** False when the field is `*`: then only the other day field decides. */
  readonly daysOfMonthRestricted: boolean;
  readonly daysOfWeekRestricted: boolean;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MINUTE_MS = 60_000;
/** A search that finds nothing in this many steps has no match (e.g. `0 0 30 2 *`). */
const MAX_SEARCH_STEPS = 20_000;

/**
 * Parses `source`.
 *
 * @throws Error naming the field and the part that is wrong (the caller adds which schedule it is).
 * @example
 * ```ts
 * parseCron('0 9 * * MON-FRI'); // 09:00 UTC on weekdays
 * ```
 */
export function parseCron(source: string): CronExpression {
  const expanded = MACROS[source.trim().toLowerCase()] ?? source.trim();
  const parts = expanded.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    throw new Error(`a cron expression has 5 fields (minute hour day-of-month month day-of-week) or is a macro like '@daily'; got ${JSON.stringify(source)}`);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = parts.map((part, index) => parseField(part, FIELDS[index] as FieldSpec)) as Set<number>[];
  // 7 is Sunday too.
  if (daysOfWeek!.delete(7)) daysOfWeek!.add(0);
  return {
    source,
    minutes: minutes!,
    hours: hours!,
    daysOfMonth: daysOfMonth!,
    months: months!,
    daysOfWeek: daysOfWeek!,
    daysOfMonthRestricted: parts[2] !== '*',
    daysOfWeekRestricted: parts[4] !== '*',
  };
}

function parseField(field: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range, stepText, extra] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (extra !== undefined || !Number.isInteger(step) || step < 1) throw fieldError(spec, item, 'a step is a whole number ≥ 1');
    const [low, high] = rangeOf(range as string, spec, item, stepText !== undefined);
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

function rangeOf(range: string, spec: FieldSpec, item: string, stepped: boolean): [number, number] {
  if (range === '*') return [spec.min, spec.max];
  const bounds = range.split('-');
  if (bounds.length > 2) throw fieldError(spec, item, 'a range is low-high');
  const low = valueOf(bounds[0] as string, spec, item);
  // `5/15` means from 5 to the end, every 15.
  const high = bounds.length === 2 ? valueOf(bounds[1] as string, spec, item) : stepped ? spec.max : low;
  if (high < low) throw fieldError(spec, item, `the range runs backwards`);
  return [low, high];
}

function valueOf(text: string, spec: FieldSpec, item: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + (spec.name === 'month' ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= spec.min && value <= spec.max)) throw fieldError(spec, item, `values run from ${spec.min} to ${spec.max}`);
  return value;
}

function fieldError(spec: FieldSpec, item: string, rule: string): Error {
  return new Error(`cron ${spec.name} field ${JSON.stringify(item)} is invalid: ${rule}`);
}

/** The first matching minute strictly after `time` (ms), or undefined when the expression never matches. */
export function nextCronTime(cron: CronExpression, time: number): number | undefined {
  return search(cron, Math.floor(time / MINUTE_MS) * MINUTE_MS + MINUTE_MS, 1);
}

/** The last matching minute at or before `time` (ms), or undefined when the expression never matches. */
export function previousCronTime(cron: CronExpression, time: number): number | undefined {
  return search(cron, Math.floor(time / MINUTE_MS) * MINUTE_MS, -1);
}

type Unit = 'month' | 'day' | 'hour' | 'minute';

/**
 * Walks from `start` in `direction` and returns the first matching minute: a field that does not
 * match skips its whole unit (a month, a day, an hour), so a search takes at most a few thousand steps.
 */
function search(cron: CronExpression, start: number, direction: 1 | -1): number | undefined {
  let time = start;
  for (let steps = 0; steps < MAX_SEARCH_STEPS; steps++) {
    const date = new Date(time);
    const unit: Unit | undefined = !cron.months.has(date.getUTCMonth() + 1)
      ? 'month'
      : !dayMatches(cron, date)
        ? 'day'
        : !cron.hours.has(date.getUTCHours())
          ? 'hour'
          : !cron.minutes.has(date.getUTCMinutes())
            ? 'minute'
            : undefined;
    if (unit === undefined) return time;
    time = skip(date, unit, direction);
  }
  return undefined;
}

function dayMatches(cron: CronExpression, date: Date): boolean {
  const byMonth = cron.daysOfMonth.has(date.getUTCDate());
  const byWeek = cron.daysOfWeek.has(date.getUTCDay());
  if (cron.daysOfMonthRestricted && cron.daysOfWeekRestricted) return byMonth || byWeek;
  return byMonth && byWeek;
}

/** Forward: the first minute of the next unit; backward: the last minute of the previous one. */
function skip(date: Date, unit: Unit, direction: 1 | -1): number {
  const [year, month, day, hour, minute] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
  const unitStart = {
    month: Date.UTC(year, month, 1),
    day: Date.UTC(year, month, day),
    hour: Date.UTC(year, month, day, hour),
    minute: Date.UTC(year, month, day, hour, minute),
  }[unit];
  if (direction < 0) return unitStart - MINUTE_MS;
  return {
    month: Date.UTC(year, month + 1, 1),
    day: Date.UTC(year, month, day + 1),
    hour: Date.UTC(year, month, day, hour + 1),
    minute: unitStart + MINUTE_MS,
  }[unit];
}

import { createHash } from 'node:crypto';
import { ConfigurationError } from '../errors';
import { Event } from '../event/event';
import type { JsonObject } from '../event/json-payload';
import { nextCronTime, parseCron, previousCronTime, type CronExpression } from './cron';

/**
 * A recurring schedule: an event of `eventType` published once per tick, across every worker that
 * runs a Spine with it (the tick is claimed atomically in the backend). A schedule has either a
 * period, `every`, whose ticks are aligned on the epoch (`every: '1h'` ticks on the hour, UTC), or a
 * five-field `cron` expression, evaluated in UTC. See docs/scheduling.md.
 *
 * @example
 * ```ts
 * const cleanup: Schedule = { name: 'cleanup', every: '5m', eventType: 'CLEANUP_DUE' };
 * const report: Schedule = { name: 'weekday-report', cron: '0 9 * * MON-FRI', eventType: 'REPORT_DUE' };
 * new Spine({ organs: [Cleanup, Reports], backend, schedules: [cleanup, report] });
 * ```
 */
export type Schedule = ScheduleCommon & (PeriodicSchedule | CronSchedule);

interface ScheduleCommon {
  /** Unique and stable across deploys: it names the tick claims. */
  readonly name: string;
  /** The type of the event published at each tick. */
  readonly eventType: string;
  /** Its payload (the same at every tick; the tick's time is the event's `timestamp`). */
  readonly payload?: JsonObject;
}

interface PeriodicSchedule {
  /** The period: milliseconds, or a number with a unit, `ms`, `s`, `m`, `h` or `d` (`'30s'`, `'5m'`). */
  readonly every: number | string;
  readonly cron?: never;
}

interface CronSchedule {
  /**
   * Minute, hour, day of month, month, day of week, in UTC (`'30 2 * * *'` is 02:30 UTC daily;
   * `'*\/15 * * * MON-FRI'` every quarter hour on weekdays), or a macro: `@hourly`, `@daily`,
   * `@weekly`, `@monthly`, `@yearly`.
   */
  readonly cron: string;
  readonly every?: never;
}

/** A schedule as checked, with its tick arithmetic. */
export type ResolvedSchedule = Schedule & {
  /** The tick at or before `time` (ms since the epoch). */
  tickAtOrBefore(time: number): number;
  /** The tick after `tick`. */
  tickAfter(tick: number): number;
};

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PERIOD = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
/** Shorter periods would be mostly claim traffic. */
const MIN_PERIOD_MS = 10;

/** @throws ConfigurationError naming the schedule and what is wrong with it. */
export function resolveSchedules(schedules: readonly Schedule[] | undefined): ResolvedSchedule[] {
  if (schedules === undefined) return [];
  if (!Array.isArray(schedules)) throw new ConfigurationError('schedules', 'must be an array of { name, every | cron, eventType }');
  const names = new Set<string>();
  return schedules.map((schedule: Schedule) => {
    const name = typeof schedule?.name === 'string' ? schedule.name.trim() : '';
    if (name === '') throw new ConfigurationError('schedules', 'every schedule needs a non-empty name');
    if (names.has(name)) throw new ConfigurationError('schedules', `two schedules are named ${name}: names must be unique`);
    names.add(name);
    const resolved: ResolvedSchedule = { ...schedule, name, ...ticksOf(schedule, name) };
    // Validates the type and payload now, not at the first tick.
    tickEvent(resolved, 0);
    return resolved;
  });
}

type TickArithmetic = Pick<ResolvedSchedule, 'tickAtOrBefore' | 'tickAfter'>;

function ticksOf(schedule: Schedule, name: string): TickArithmetic {
  const hasEvery = schedule.every !== undefined;
  const hasCron = schedule.cron !== undefined;
  if (hasEvery === hasCron) {
    throw new ConfigurationError('schedules', `schedule ${name}: give either every (a period) or cron (an expression), not ${hasEvery ? 'both' : 'neither'}`);
  }
  return hasEvery ? periodicTicks(periodMs(schedule.every, name)) : cronTicks(schedule.cron, name);
}

function periodMs(every: unknown, name: string): number {
  const match = typeof every === 'string' ? PERIOD.exec(every.trim()) : null;
  const ms = typeof every === 'number' ? every : match ? Number(match[1]) * (UNITS[match[2] as string] as number) : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < MIN_PERIOD_MS) {
    throw new ConfigurationError('schedules', `schedule ${name}: every must be a whole number of ms ≥ ${MIN_PERIOD_MS}, or like '30s', '5m', '1h', '1d'; got ${JSON.stringify(every) ?? String(every)}`);
  }
  return ms;
}

/** Ticks at multiples of the period since the epoch. */
function periodicTicks(everyMs: number): TickArithmetic {
  return {
    tickAtOrBefore: (time) => Math.floor(time / everyMs) * everyMs,
    tickAfter: (tick) => tick + everyMs,
  };
}

function cronTicks(source: unknown, name: string): TickArithmetic {
  let cron: CronExpression;
  try {
    if (typeof source !== 'string') throw new Error(`cron must be a string; got ${JSON.stringify(source) ?? String(source)}`);
    cron = parseCron(source);
  } catch (error) {
    throw new ConfigurationError('schedules', `schedule ${name}: ${(error as Error).message}`);
  }
  const now = Date.now();
  if (previousCronTime(cron, now) === undefined || nextCronTime(cron, now) === undefined) {
    throw new ConfigurationError('schedules', `schedule ${name}: cron ${JSON.stringify(source)} never matches a date`);
  }
  // A cron that matched once matches again within the search's reach (at most every 4 years: 29 February).
  return {
    tickAtOrBefore: (time) => previousCronTime(cron, time) as number,
    tickAfter: (tick) => nextCronTime(cron, tick) as number,
  };
}

/**
 * The event of one tick: its timestamp is the tick's time and its id is derived from the schedule's
 * name and the tick, so every worker builds the same event (and handlers can deduplicate on it).
 */
export function tickEvent(schedule: ResolvedSchedule, tickAt: number): Event {
  return new Event(schedule.eventType, schedule.payload ?? {}, { id: tickId(schedule.name, tickAt), timestamp: tickAt });
}

/** A UUID v4-shaped id from a digest of the schedule's name and the tick. */
function tickId(name: string, tickAt: number): string {
  const hex = createHash('sha256').update(`${name}\n${tickAt}`).digest('hex');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

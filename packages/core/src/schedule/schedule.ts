import { createHash } from 'node:crypto';
import { ConfigurationError } from '../errors';
import { Event } from '../event/event';
import type { JsonObject } from '../event/json-payload';

/**
 * A recurring schedule: an event of `eventType` published once per tick, across every worker that
 * runs a Spine with it (the tick is claimed atomically in the backend). Ticks are aligned on the
 * epoch (`every: '1h'` ticks on the hour, UTC). See docs/scheduling.md.
 *
 * @example
 * ```ts
 * const nightly: Schedule = { name: 'cleanup', every: '5m', eventType: 'CLEANUP_DUE' };
 * new Spine({ organs: [Cleanup], backend, schedules: [nightly] });
 * ```
 */
export interface Schedule {
  /** Unique and stable across deploys: it names the tick claims. */
  readonly name: string;
  /** The period: milliseconds, or a number with a unit, `ms`, `s`, `m`, `h` or `d` (`'30s'`, `'5m'`). */
  readonly every: number | string;
  /** The type of the event published at each tick. */
  readonly eventType: string;
  /** Its payload (the same at every tick; the tick's time is the event's `timestamp`). */
  readonly payload?: JsonObject;
}

/** A schedule as checked: its period in ms. */
export interface ResolvedSchedule extends Schedule {
  readonly everyMs: number;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PERIOD = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
/** Shorter periods would be mostly claim traffic. */
const MIN_PERIOD_MS = 10;

/** @throws ConfigurationError naming the schedule and what is wrong with it. */
export function resolveSchedules(schedules: readonly Schedule[] | undefined): ResolvedSchedule[] {
  if (schedules === undefined) return [];
  if (!Array.isArray(schedules)) throw new ConfigurationError('schedules', 'must be an array of { name, every, eventType }');
  const names = new Set<string>();
  return schedules.map((schedule: Schedule) => {
    const name = typeof schedule?.name === 'string' ? schedule.name.trim() : '';
    if (name === '') throw new ConfigurationError('schedules', 'every schedule needs a non-empty name');
    if (names.has(name)) throw new ConfigurationError('schedules', `two schedules are named ${name}: names must be unique`);
    names.add(name);
    const everyMs = periodMs(schedule.every, name);
    // Validates the type and payload now, not at the first tick.
    tickEvent({ ...schedule, name, everyMs }, 0);
    return { ...schedule, name, everyMs };
  });
}

function periodMs(every: unknown, name: string): number {
  const match = typeof every === 'string' ? PERIOD.exec(every.trim()) : null;
  const ms = typeof every === 'number' ? every : match ? Number(match[1]) * (UNITS[match[2] as string] as number) : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < MIN_PERIOD_MS) {
    throw new ConfigurationError('schedules', `schedule ${name}: every must be a whole number of ms ≥ ${MIN_PERIOD_MS}, or like '30s', '5m', '1h', '1d'; got ${JSON.stringify(every) ?? String(every)}`);
  }
  return ms;
}

/** The tick at or before `now`: a multiple of the period since the epoch. */
export function currentTick(schedule: ResolvedSchedule, now: number): number {
  return Math.floor(now / schedule.everyMs) * schedule.everyMs;
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

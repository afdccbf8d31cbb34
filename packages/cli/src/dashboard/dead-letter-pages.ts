import { toFailedEvent, type RawEntry } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';
import { toView, type DeadLetterView } from '../dlq/format-dead-letters';
import { idTime, labelsOf } from './dead-letter-fields';
import type { DeadLetterQuery } from './validate';

/** Entries read per XREVRANGE, and at most per request: a request's cost stays bounded however few entries match. */
const BATCH = 250;
export const SCAN_BUDGET = 2_000;

/** One page of the dead-letter list, newest first. */
export interface DeadLetterPage {
  readonly items: readonly DeadLetterView[];
  /** Pass as `cursor` for the next page; null when the list is exhausted. */
  readonly nextCursor: string | null;
  /** Entries read to make this page (at most {@link SCAN_BUDGET}). */
  readonly scanned: number;
}

/**
 * Reads one page of dead letters, newest first, from the cursor down to `from`: the time filter is
 * a range of entry ids (the time each dead letter was written), organ and error class are matched
 * on the entry's fields, and only the entries on the page are decoded. A page may hold fewer than
 * `limit` items with a `nextCursor` when the filters match rarely: the scan stops at the budget.
 * Given `organIds`, one organ's page is read by id instead (see {@link readIndexedPage}).
 */
export async function readDeadLetterPage(redis: RawRedis, key: string, query: DeadLetterQuery, organIds?: OrganIndex): Promise<DeadLetterPage> {
  const ids = query.organ === undefined ? undefined : organIds?.(query.organ);
  if (ids !== undefined) return readIndexedPage(redis, key, query, ids);
  const items: DeadLetterView[] = [];
  let end = query.cursor !== undefined ? `(${query.cursor}` : query.to !== undefined ? String(query.to) : '+';
  const start = query.from !== undefined ? String(query.from) : '-';
  let scanned = 0;
  while (scanned < SCAN_BUDGET) {
    const entries = (await redis.sendCommand(['XREVRANGE', key, end, start, 'COUNT', String(BATCH)])) as RawEntry[];
    for (const entry of entries) {
      scanned++;
      if (matches(entry, query)) items.push(toView(toFailedEvent(entry)));
      if (items.length === query.limit) return { items, nextCursor: entry[0], scanned };
    }
    if (entries.length < BATCH) return { items, nextCursor: null, scanned };
    end = `(${(entries[entries.length - 1] as RawEntry)[0]}`;
  }
  return { items, nextCursor: end.slice(1), scanned };
}

/** An organ's dead-letter ids, oldest first, when known. */
export type OrganIndex = (organ: string) => readonly string[] | undefined;

/**
 * One organ's page from its ids (as of the last sample): the `limit` ids below the cursor within
 * the time range, read in one pipelined round trip; ids deleted meanwhile are skipped.
 */
async function readIndexedPage(redis: RawRedis, key: string, query: DeadLetterQuery, ids: readonly string[]): Promise<DeadLetterPage> {
  const below = query.cursor ?? (query.to !== undefined ? `${query.to}-${Number.MAX_SAFE_INTEGER}` : undefined);
  let at = below === undefined ? ids.length : firstNotBelow(ids, below, query.cursor !== undefined);
  const chosen: string[] = [];
  while (at > 0 && chosen.length < query.limit && (query.from === undefined || idTime(ids[at - 1] as string) >= query.from)) chosen.push(ids[--at] as string);
  const more = at > 0 && (query.from === undefined || idTime(ids[at - 1] as string) >= query.from);
  const entries = await Promise.all(chosen.map(async (id) => ((await redis.sendCommand(['XRANGE', key, id, id])) as RawEntry[])[0]));
  const items = entries.filter((e): e is RawEntry => e !== undefined && matches(e, query)).map((e) => toView(toFailedEvent(e)));
  return { items, nextCursor: more ? (chosen[chosen.length - 1] ?? null) : null, scanned: chosen.length };
}

/** The index of the first id ≥ `bound` (> `bound` when not `exclusive`), by binary search. */
function firstNotBelow(ids: readonly string[], bound: string, exclusive: boolean): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const order = compareIds(ids[mid] as string, bound);
    if (order < 0 || (!exclusive && order === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

/** One dead letter by id, or undefined. */
export async function readDeadLetter(redis: RawRedis, key: string, id: string): Promise<DeadLetterView | undefined> {
  const [entry] = (await redis.sendCommand(['XRANGE', key, id, id])) as RawEntry[];
  return entry ? toView(toFailedEvent(entry)) : undefined;
}

/** The ids of one organ's dead letters (reads the whole stream, fields only matched, nothing decoded). */
export async function organLetterIds(redis: RawRedis, key: string, organ: string): Promise<string[]> {
  const ids: string[] = [];
  for (let start = '-'; ;) {
    const entries = (await redis.sendCommand(['XRANGE', key, start, '+', 'COUNT', '1000'])) as RawEntry[];
    for (const [id, fields] of entries) if (labelsOf(fields).organ === organ) ids.push(id);
    if (entries.length < 1000) return ids;
    start = `(${(entries[entries.length - 1] as RawEntry)[0]}`;
  }
}

function matches([, fields]: RawEntry, query: DeadLetterQuery): boolean {
  if (query.organ === undefined && query.errorClass === undefined) return true;
  const labels = labelsOf(fields);
  return (query.organ === undefined || labels.organ === query.organ) && (query.errorClass === undefined || labels.errorClass === query.errorClass);
}

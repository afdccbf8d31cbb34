import { HttpError } from './http-io';

/** Default and largest page of the dead-letter list. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_NAME_LENGTH = 200;
const ENTRY_ID = /^\d{1,16}-\d{1,16}$/;

/** What the dead-letter list is asked for. */
export interface DeadLetterQuery {
  readonly organ?: string;
  readonly errorClass?: string;
  /** Written at or after (ms since the epoch). */
  readonly from?: number;
  /** Written at or before (ms since the epoch). */
  readonly to?: number;
  /** Continue below this entry id (the previous page's `nextCursor`). */
  readonly cursor?: string;
  readonly limit: number;
}

/** Which dead letters an action applies to: one, one organ's, or all. */
export type DeadLetterSelection = { readonly id: string } | { readonly organ: string } | { readonly all: true };

/** Parses the dead-letter list's query string. @throws HttpError 400 naming the bad parameter. */
export function parseDeadLetterQuery(params: URLSearchParams): DeadLetterQuery {
  const known = new Set(['organ', 'errorClass', 'from', 'to', 'cursor', 'limit']);
  for (const key of params.keys()) if (!known.has(key)) throw new HttpError(400, `unknown parameter '${key}' (known: ${[...known].join(', ')})`);
  const text = (key: string): string | undefined => {
    const value = params.get(key);
    return value === null || value === '' ? undefined : value;
  };
  const organ = text('organ');
  const errorClass = text('errorClass');
  const cursor = text('cursor');
  const limit = text('limit');
  const query: DeadLetterQuery = {
    ...(organ === undefined ? {} : { organ: name('organ', organ) }),
    ...(errorClass === undefined ? {} : { errorClass: name('errorClass', errorClass) }),
    ...(text('from') === undefined ? {} : { from: time('from', text('from') as string) }),
    ...(text('to') === undefined ? {} : { to: time('to', text('to') as string) }),
    ...(cursor === undefined ? {} : { cursor: entryId('cursor', cursor) }),
    limit: limit === undefined ? DEFAULT_PAGE_SIZE : pageSize(limit),
  };
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw new HttpError(400, "'from' is after 'to'");
  return query;
}

/** Checks a dead letter's id (as in the path of `/api/dead-letters/:id`). @throws HttpError 400. */
export function entryId(field: string, value: string): string {
  if (!ENTRY_ID.test(value)) throw new HttpError(400, `'${field}' must be a dead letter id like 1717243200000-0, got '${clip(value)}'`);
  return value;
}

/** Parses the body of replay and purge: `{ "id" }`, `{ "organ" }` or `{ "all": true }`, exactly one. @throws HttpError 400. */
export function parseSelection(body: Record<string, unknown>): DeadLetterSelection {
  const keys = Object.keys(body);
  if (keys.length !== 1 || !['id', 'organ', 'all'].includes(keys[0] as string)) {
    throw new HttpError(400, 'say which dead letters: exactly one of {"id": "…"}, {"organ": "…"} or {"all": true}');
  }
  if ('all' in body) {
    if (body.all !== true) throw new HttpError(400, "'all' must be true");
    return { all: true };
  }
  const [key, value] = Object.entries(body)[0] as [string, unknown];
  if (typeof value !== 'string') throw new HttpError(400, `'${key}' must be a string`);
  return key === 'id' ? { id: entryId('id', value) } : { organ: name('organ', value) };
}

function name(field: string, value: string): string {
  if (value.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(value) || value.trim() === '') {
    throw new HttpError(400, `'${field}' must be a name of 1 to ${MAX_NAME_LENGTH} printable characters`);
  }
  return value;
}

function time(field: string, value: string): number {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new HttpError(400, `'${field}' must be an ISO 8601 time or milliseconds since the epoch, got '${clip(value)}'`);
  return ms;
}

function pageSize(value: string): number {
  const n = Number(value);
  if (!/^\d{1,4}$/.test(value) || n < 1 || n > MAX_PAGE_SIZE) throw new HttpError(400, `'limit' must be a whole number from 1 to ${MAX_PAGE_SIZE}, got '${clip(value)}'`);
  return n;
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

import type { IncomingMessage } from 'node:http';
import type { RedisBackend } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';
import { purgeSelection, replaySelection } from './dead-letter-actions';
import { readDeadLetter, readDeadLetterPage } from './dead-letter-pages';
import { HttpError, readJsonBody } from './http-io';
import type { Sampler } from './sampler';
import { entryId, parseDeadLetterQuery, parseSelection } from './validate';

/**
 * Whether the page may act on dead letters, and if not, why.
 * @example
 * ```ts
 * const canAct = dashboard.config.actions === 'enabled';
 * ```
 */
export type ActionsState = 'enabled' | 'read-only' | 'no-token';

/**
 * What `GET /api/config` answers: what the page needs to know about this dashboard.
 * @example
 * ```ts
 * const { backend, actions } = dashboard.config; // backend: 'redis://app:****@redis:6379'
 * ```
 */
export interface DashboardConfig {
  /** The backend URL with its password masked. */
  readonly backend: string;
  readonly stream: string;
  readonly deadLetterStream: string;
  readonly actions: ActionsState;
  readonly intervalMs: number;
}

/** What the API's handlers work on. */
export interface ApiContext {
  readonly backend: RedisBackend;
  readonly redis: RawRedis;
  readonly sampler: Sampler;
  readonly config: DashboardConfig;
}

/** A handler: resolves with the JSON body of a 200 answer, or throws an HttpError. */
type Handler = (context: ApiContext, request: IncomingMessage, url: URL, param: string) => Promise<unknown>;

const ROUTES: readonly { method: 'GET' | 'POST'; path: RegExp; handler: Handler }[] = [
  { method: 'GET', path: /^\/api\/config$/, handler: async ({ config }) => config },
  { method: 'GET', path: /^\/api\/overview$/, handler: async ({ sampler }) => sampler.overview },
  { method: 'GET', path: /^\/api\/dead-letters$/, handler: ({ redis, config, sampler }, _, url) => readDeadLetterPage(redis, config.deadLetterStream, parseDeadLetterQuery(url.searchParams), (organ) => sampler.organLetterIds(organ)) },
  { method: 'POST', path: /^\/api\/dead-letters\/replay$/, handler: async ({ backend, sampler }, request) => acted(sampler, await replaySelection(backend, parseSelection(await readJsonBody(request)))) },
  { method: 'POST', path: /^\/api\/dead-letters\/purge$/, handler: async ({ backend, redis, sampler }, request) => acted(sampler, await purgeSelection(backend, redis, parseSelection(await readJsonBody(request)))) },
  { method: 'GET', path: /^\/api\/dead-letters\/([^/]+)$/, handler: async ({ redis, config }, _, __, id) => {
    const letter = await readDeadLetter(redis, config.deadLetterStream, entryId('id', decodeURIComponent(id)));
    if (!letter) throw new HttpError(404, `no dead letter with id '${id}' in ${config.deadLetterStream}`);
    return letter;
  } },
];

/** The route a request names: its handler and whether it changes state. @throws HttpError 404 or 405. */
export function route(method: string, pathname: string): { handler: Handler; param: string; changesState: boolean } {
  const matching = ROUTES.map((r) => ({ r, match: r.path.exec(pathname) })).filter((m) => m.match !== null);
  if (matching.length === 0) throw new HttpError(404, `no API at ${pathname}`);
  const found = matching.find((m) => m.r.method === method);
  if (!found) throw new HttpError(405, `${pathname} answers ${matching.map((m) => m.r.method).join(', ')}, not ${method}`);
  return { handler: found.r.handler, param: found.match?.[1] ?? '', changesState: found.r.method === 'POST' };
}

/** After an action: a fresh sample with dead letters counted again, so the next poll shows the effect. */
async function acted<T>(sampler: Sampler, result: T): Promise<T> {
  await sampler.sampleNow(true);
  return result;
}

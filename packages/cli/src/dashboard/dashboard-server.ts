import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BackendUnavailableError, maskSecrets } from '@necrostack/core';
import { route, type ApiContext } from './dashboard-api';
import { HttpError, SECURITY_HEADERS, sendJson } from './http-io';
import { hostAllowed, isLoopback, requestToken, tokenMatches } from './security';
import { loadAssets, type Asset } from './static-assets';

/** Who may do what on a {@link createDashboardServer}. */
export interface DashboardAccess {
  /** The host it listens on: a loopback host also checks the `Host` header. */
  readonly host: string;
  /** When set, every API request must carry it (`Authorization: Bearer` or `X-Necro-Token`). */
  readonly token?: string;
  /** Refuse every state change (403). */
  readonly readOnly: boolean;
}

/**
 * The dashboard's HTTP server: the page's files (public, they hold no data) and the JSON API under
 * `/api/`. An API request without the token is refused with 401; a state change is refused with
 * 403 in read-only mode and when no token is set (so a page on another site can never trigger one:
 * it cannot send the header). Errors are JSON `{ error }` with passwords masked.
 */
export function createDashboardServer(context: ApiContext, access: DashboardAccess): Server {
  const assets = loadAssets();
  const server = createServer((request, response) => {
    const port = (server.address() as { port: number } | null)?.port ?? 0;
    handle(context, access, assets, port, request, response).catch((error: unknown) => answerError(response, error));
  });
  return server;
}

async function handle(context: ApiContext, access: DashboardAccess, assets: ReadonlyMap<string, Asset>, port: number,
  request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://dashboard');
  if (isLoopback(access.host) && !hostAllowed(request, port)) {
    throw new HttpError(403, `unexpected Host header '${request.headers.host ?? ''}': open the dashboard as http://127.0.0.1:${port}/`);
  }
  const asset = assets.get(url.pathname);
  if (asset && (request.method === 'GET' || request.method === 'HEAD')) {
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': asset.body.length });
    return void response.end(request.method === 'HEAD' ? undefined : asset.body);
  }
  if (!url.pathname.startsWith('/api/')) throw new HttpError(404, `nothing at ${url.pathname}`);
  if (access.token !== undefined && !tokenMatches(requestToken(request), access.token)) {
    throw new HttpError(401, 'this dashboard needs its token: send it as Authorization: Bearer <token> or X-Necro-Token');
  }
  const { handler, param, changesState } = route(request.method ?? 'GET', url.pathname);
  if (changesState && access.readOnly) throw new HttpError(403, 'this dashboard is read-only (--read-only): use necro dlq, or restart it without --read-only');
  if (changesState && access.token === undefined) throw new HttpError(403, 'actions need a token: restart necro dashboard with --token (or NECRO_DASHBOARD_TOKEN)');
  sendJson(response, 200, (await handler(context, request, url, param)) ?? null);
}

function answerError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) return void response.destroy();
  if (error instanceof HttpError) return sendJson(response, error.status, { error: error.message });
  const message = maskSecrets(error instanceof Error ? error.message : String(error));
  sendJson(response, error instanceof BackendUnavailableError ? 503 : 500, { error: message });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maskSecrets } from '@necrostack/core';
import { CliError } from '../output/cli-error';

/** What a {@link startProbeServer} answers. */
export interface ProbeServerOptions {
  /** The port to listen on (0: any free port). */
  readonly port: number;
  /** Serve Prometheus text at `/metrics` when given. */
  readonly metrics?: { readonly contentType: string; metrics(): Promise<string> };
  /** `/healthz`: the worker loop is alive. */
  readonly isLive: () => boolean;
  /** `/readyz`: the worker is running and its backend answers. */
  readonly isReady: () => Promise<boolean>;
}

/**
 * A small node:http server for Kubernetes probes and Prometheus: `/healthz` (liveness),
 * `/readyz` (readiness) and, when metrics are given, `/metrics`. Resolves once listening.
 *
 * @throws CliError when the port cannot be bound.
 * @example
 * ```ts
 * const server = await startProbeServer({ port: 9464, metrics: registry, isLive: () => true, isReady: async () => true });
 * ```
 */
export function startProbeServer(options: ProbeServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    void answer(options, req.url?.split('?')[0] ?? '/').then(({ status, type, body }) => {
      res.writeHead(status, { 'content-type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  server.keepAliveTimeout = 1_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new CliError(`Could not listen on port ${options.port}`, { cause: error })));
    server.listen(options.port, () => resolve(server));
  });
}

/** The port a started server listens on. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

async function answer(options: ProbeServerOptions, path: string): Promise<Answer> {
  const text = (status: number, body: string): Answer => ({ status, type: 'text/plain; charset=utf-8', body: `${body}\n` });
  try {
    if (path === '/healthz') return options.isLive() ? text(200, 'ok') : text(503, 'stopping');
    if (path === '/readyz') return (await options.isReady()) ? text(200, 'ready') : text(503, 'not ready');
    if (path === '/metrics' && options.metrics) {
      return { status: 200, type: options.metrics.contentType, body: await options.metrics.metrics() };
    }
    return text(404, 'not found: try /healthz, /readyz or /metrics');
  } catch (error) {
    return text(500, maskSecrets(`error: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** Closes a server, dropping idle keep-alive connections; resolves when closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

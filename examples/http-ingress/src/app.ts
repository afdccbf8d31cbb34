import type { Logger } from '@necrostack/core';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './http/server';
import { openInfrastructure, type Infrastructure } from './runtime/infrastructure';
import type { Inventory } from './services/inventory.service';
import { startWorker, type Worker } from './worker';

/** What one process runs: the API and the worker (`all`), or one of them. */
export type Role = 'all' | 'api' | 'worker';
export const ROLES: readonly Role[] = ['all', 'api', 'worker'];
/** The API listens on this interface only. */
export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;
/** The Redis stream that separate API and worker processes share. */
export const DEFAULT_STREAM_KEY = 'necrostack:example:http-ingress';

/** Options of {@link startApp}. */
export interface AppOptions {
  readonly role?: Role;
  /** `memory` (default) or a `redis://` URL. `api` and `worker` alone need Redis: memory is not shared. */
  readonly backend?: string;
  readonly streamKey?: string;
  /** 0 picks a free port (tests, the demo). */
  readonly port?: number;
  readonly logger: Logger;
  readonly inventory?: Inventory;
  /** Delete the Redis keys of `streamKey` on close: for a stream the run owns. */
  readonly deleteKeysOnClose?: boolean;
}

/** A running service. */
export interface App {
  readonly role: Role;
  readonly infrastructure: Infrastructure;
  /** The Fastify instance (roles `all` and `api`). */
  readonly server: FastifyInstance | undefined;
  /** `http://127.0.0.1:<port>` (roles `all` and `api`). */
  readonly url: string | undefined;
  readonly worker: Worker | undefined;
  /** Stops accepting requests, stops the worker gracefully, closes the backend. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the roles of one process. The API needs only the backend (to enqueue) and the status
 * store (to answer GET); the worker needs the backend and the organs.
 * @throws Error when a split role is asked for on the in-memory backend, or the port is taken.
 */
export async function startApp(options: AppOptions): Promise<App> {
  const role = options.role ?? 'all';
  const spec = options.backend ?? 'memory';
  if (role !== 'all' && spec === 'memory') {
    throw new Error(`--role ${role} needs a backend both processes share: add --backend redis://127.0.0.1:6379`);
  }
  const infrastructure = openInfrastructure({
    backend: spec, streamKey: options.streamKey ?? DEFAULT_STREAM_KEY, logger: options.logger,
    deleteKeysOnClose: options.deleteKeysOnClose,
  });
  const { backend, store } = infrastructure;
  let server: FastifyInstance | undefined;
  let worker: Worker | undefined;
  try {
    if (role !== 'api') worker = startWorker({ backend, store, logger: options.logger, inventory: options.inventory });
    if (role !== 'worker') {
      server = buildServer({ backend, store, health: () => infrastructure.health(), logger: options.logger });
      await server.listen({ host: HOST, port: options.port ?? DEFAULT_PORT });
    }
  } catch (error) {
    await shutdown(server, worker, infrastructure);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    role, infrastructure, server, worker,
    url: server ? urlOf(server) : undefined,
    close: () => (closing ??= shutdown(server, worker, infrastructure)),
  };
}

async function shutdown(server: FastifyInstance | undefined, worker: Worker | undefined, infrastructure: Infrastructure): Promise<void> {
  try {
    await server?.close();
    await worker?.stop();
  } finally {
    await infrastructure.close();
  }
}

function urlOf(server: FastifyInstance): string {
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : DEFAULT_PORT;
  return `http://${HOST}:${port}`;
}

import type { Backend, Logger } from '@necrostack/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { OrderStatusStore } from '../store/order-status';
import { useErrorHandler } from './error-handler';
import { registerHealthRoute, type HealthReport } from './health.route';
import { useJsonBodyParser } from './json-body-parser';
import { registerOrderRoutes } from './orders.routes';

/** An order is a few fields: anything larger is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** What the API needs: nothing but the backend, the status store, and a health check. */
export interface ServerOptions {
  readonly backend: Backend;
  readonly store: OrderStatusStore;
  readonly health: () => Promise<HealthReport>;
  readonly logger: Logger;
}

/**
 * The HTTP front door, not yet listening (`app.listen({ host: '127.0.0.1', port })`, or
 * `app.inject()` in tests). Fastify's own request log is off: the NecroStack logger reports failures.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  useJsonBodyParser(app);
  useErrorHandler(app, options.logger);
  registerOrderRoutes(app, options);
  registerHealthRoute(app, options.health);
  return app;
}

import type { FastifyInstance } from 'fastify';

/** What `GET /healthz` answers: `healthy` decides 200 or 503; the rest is the backend's own report. */
export interface HealthReport {
  readonly healthy: boolean;
  readonly backend: 'memory' | 'redis';
  readonly [detail: string]: unknown;
}

/** `GET /healthz`: 200 with the backend's health when it is healthy, 503 with the same body when not. */
export function registerHealthRoute(app: FastifyInstance, health: () => Promise<HealthReport>): void {
  app.get('/healthz', async (_request, reply) => {
    const report = await health();
    return reply.code(report.healthy ? 200 : 503).send(report);
  });
}

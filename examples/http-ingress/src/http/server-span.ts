import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('http-ingress-example');

/**
 * Runs a route handler in a SERVER span named after the route, continuing the caller's trace when
 * the request carries one (`traceparent`), so the events the handler publishes join it. (An
 * application would use @opentelemetry/instrumentation-http instead; with no SDK this is a no-op.)
 */
export function inServerSpan<T>(route: string, request: FastifyRequest, reply: FastifyReply, handle: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), request.headers);
  return tracer.startActiveSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } }, parent, async (span) => {
    try {
      const result = await handle();
      span.setAttribute('http.response.status_code', reply.statusCode);
      return result;
    } catch (error) {
      // The error handler answers (400, 503…); a 4xx is the client's error, not the server's: no ERROR status.
      span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
      throw error;
    } finally {
      span.end();
    }
  });
}

import { NecroStackError, PayloadValidationError, type Logger } from '@necrostack/core';
import type { FastifyInstance } from 'fastify';
import { HttpError, notFound, type ErrorBody } from './http-errors';

/**
 * Every error becomes JSON `{ error, message, ... }` with the right status:
 * - 400 PayloadValidationError, with `violations` (every failing property and its constraints);
 * - 400 MalformedJsonError; 413 / 415 for a body too large or not JSON;
 * - 503 when the backend refused the event (down, or full): the client may retry;
 * - 404 for an unknown route; 500 for anything else (logged).
 */
export function useErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) => {
    const { statusCode, body } = notFound(`No route ${request.method} ${request.url.split('?')[0]}`);
    void reply.code(statusCode).send(body);
  });
  app.setErrorHandler((error: unknown, request, reply) => {
    const [statusCode, body] = render(error);
    if (statusCode >= 500) logger.error('Request failed', { method: request.method, url: request.url, error });
    void reply.code(statusCode).send(body);
  });
}

function render(error: unknown): [number, ErrorBody] {
  if (error instanceof HttpError) return [error.statusCode, error.body];
  if (error instanceof PayloadValidationError) {
    return [400, { error: 'PayloadValidationError', message: error.message, violations: error.violations }];
  }
  if (error instanceof NecroStackError) {
    return [503, { error: error.name, code: error.code, message: `The order was not queued; retry later. ${error.message}` }];
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return [415, { error: 'UnsupportedMediaType', message: 'Send the order as JSON, with Content-Type: application/json' }];
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return [status, { error: fastifyError.code ?? 'BadRequest', message: fastifyError.message ?? 'Bad request' }];
  }
  return [500, { error: 'InternalServerError', message: 'The request failed; see the server log.' }];
}

/** The body of every error answer: a stable name clients can switch on, and what to do about it. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

/** An error that knows its HTTP answer. Thrown by the routes and the body parser, rendered by the error handler. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = body.error;
  }
}

/** What a valid order looks like, for the error messages. */
export const EXAMPLE_ORDER = '{"customerId":"c-1","sku":"WIDGET-1","quantity":2}';

/** The body is not JSON at all: 400, with where the parser stopped. */
export function malformedJson(detail: string): HttpError {
  return new HttpError(400, {
    error: 'MalformedJsonError',
    message: `The request body is not valid JSON (${detail}). Send one JSON object, e.g. ${EXAMPLE_ORDER}`,
  });
}

/** Not a route we serve. */
export function notFound(message: string): HttpError {
  return new HttpError(404, { error: 'NotFound', message });
}

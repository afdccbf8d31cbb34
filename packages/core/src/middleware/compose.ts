import type { Handler, HandlerMiddleware } from './handler';

/**
 * `handler` wrapped by `middleware`, the first outermost: `compose(h, [a, b])` is `a(b(h))`.
 * Done once per organ handler, when the Spine is built.
 */
export function compose(handler: Handler, middleware: readonly HandlerMiddleware[]): Handler {
  let composed = handler;
  for (let i = middleware.length - 1; i >= 0; i--) composed = (middleware[i] as HandlerMiddleware)(composed);
  return composed;
}

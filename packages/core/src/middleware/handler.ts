import type { Event } from '../event/event';
import type { Logger } from '../logging/logger';

/** What a handler may return: events to publish, or nothing. */
export type HandlerResult = Event<object> | readonly Event<object>[] | void | null | undefined;

/**
 * What a handler call knows besides its event. One context per delivery and organ handler; the
 * same object through the whole middleware chain — pass it on to `next` as you received it.
 */
export interface HandlerContext {
  /** The organ whose handler runs. */
  readonly organ: string;
  /** The type of the event being handled. */
  readonly eventType: string;
  /** The consumer group the delivery belongs to (the organ's name unless organs share a group). */
  readonly group: string;
  /** The delivery attempt, 1-based: each redelivery (nack, takeover after a crash) adds 1. */
  readonly attempt: number;
  /**
   * Aborted when the handler has run out of time (`handlerTimeoutMs`), before any retry starts, or
   * when the Spine's stop deadline passes. Hand it to `fetch`, database drivers, timers…
   */
  readonly signal: AbortSignal;
  /** The organ's logger (fields `organ` and `component` set). */
  readonly logger: Logger;
}

/**
 * A handler as the Spine calls it, and as middleware sees it: sync or async.
 *
 * @example
 * ```ts
 * const handler: Handler = (event, context) => {
 *   context.logger.debug('Handling', { event_id: event.id, attempt: context.attempt });
 *   return new Event('PONG', { n: event.payload.n });
 * };
 * ```
 */
export type Handler = (event: Event, context: HandlerContext) => HandlerResult | PromiseLike<HandlerResult>;

/**
 * Wraps a handler: runs code around `next`, may change the event `next` receives or the result it
 * returns, or not call `next` at all. Composed once per organ handler when the Spine is built, so a
 * middleware that stays synchronous keeps a synchronous handler on the fast path. What a middleware
 * throws is a handler failure, handled like one (`handlerFailureMode`).
 *
 * Order: the Spine's `middleware` (outermost first), then the organ's `@Organ({ middleware })`,
 * then the built-in ones (payload validation, timing, retries, timeout), then the handler. So a
 * middleware sees one call per delivery, retries included, and the payload as published.
 *
 * @example
 * ```ts
 * const timing: HandlerMiddleware = (next) => async (event, context) => {
 *   const started = performance.now();
 *   try {
 *     return await next(event, context);
 *   } finally {
 *     histogram.observe({ organ: context.organ }, (performance.now() - started) / 1000);
 *   }
 * };
 * const spine = new Spine({ organs, backend, middleware: [timing] });
 * ```
 */
export type HandlerMiddleware = (next: Handler) => Handler;

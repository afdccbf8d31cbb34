import type { DeadLetterError } from '../backend/backend';
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
  /**
   * Calls `listener` before each retry of this call (`retryAttempts`): the built-in retries run
   * inside every middleware, so this is how one outside them learns of each failed try. A
   * listener that throws is logged and ignored.
   *
   * @example
   * ```ts
   * context.onRetry(({ tries, error, delayMs }) => span.addEvent('retry', { tries, delay_ms: delayMs }));
   * ```
   */
  onRetry(listener: (retry: HandlerRetry) => void): void;
  /**
   * Calls `listener` once the Spine has decided what becomes of the delivery — after this call
   * returned or failed, and after the other handlers of the delivery in its group ran: acked,
   * delivered again, or dead-lettered with the reason. Called once, synchronously, before the
   * delivery is settled with the backend; a listener registered later is not called. A listener
   * that throws is logged and ignored.
   *
   * @example
   * ```ts
   * const tracing: HandlerMiddleware = (next) => async (event, context) => {
   *   try {
   *     return await next(event, context);
   *   } catch (error) {
   *     context.onOutcome((outcome) => {
   *       if (outcome.kind === 'dead-letter') console.warn('dead-lettered:', outcome.reason.message);
   *     });
   *     throw error;
   *   }
   * };
   * ```
   */
  onOutcome(listener: (outcome: HandlerOutcome) => void): void;
}

/** A retry about to start, as told to {@link HandlerContext.onRetry}. */
export interface HandlerRetry {
  /** Tries made so far, all failed (1 before the first retry). */
  readonly tries: number;
  /** What the last try failed with. */
  readonly error: unknown;
  /** The backoff before the next try starts. */
  readonly delayMs: number;
}

/** What became of a delivery, as told to {@link HandlerContext.onOutcome}. */
export type HandlerOutcome =
  /** Acked: done for this group (after a failure too, in `HandlerFailureMode.LOG`). */
  | { readonly kind: 'ack' }
  /** Left for redelivery (`HandlerFailureMode.NACK`, below `maxDeliveries`). */
  | { readonly kind: 'redeliver' }
  /** Written to the dead-letter store, with the reason recorded there. */
  | { readonly kind: 'dead-letter'; readonly reason: DeadLetterError };

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

import { HandlerTimeoutError, HandlerResultError, PayloadValidationError } from '../errors';
import type { HandlerBinding } from '../organ/organ-definition';
import type { Event } from '../event/event';
import { backoffDelay, sleep } from '../internal/backoff';
import type { StatsCounter } from './spine-stats';
import { TimeoutWatch } from './timeout-watch';

/** Errors that would fail the same way on every try: retrying them only repeats side effects. */
export function isDeterministic(error: unknown): boolean {
  return error instanceof PayloadValidationError || error instanceof HandlerResultError;
}

/**
 * Calls handlers: a sync handler's result is used as it comes; an async one is bounded by
 * `timeoutMs`. A failing call is retried up to `attempts` tries in all, with exponential backoff
 * and jitter. (A synchronous handler blocks the event loop and cannot be interrupted.) The
 * timeout fires at most a quarter of `timeoutMs` (or a second) late: one shared timer bounds them all.
 */
export class HandlerInvoker {
  private readonly timeouts: TimeoutWatch;

  constructor(
    private readonly attempts: number,
    private readonly baseDelayMs: number,
    timeoutMs: number,
    private readonly stats: StatsCounter,
  ) {
    this.timeouts = new TimeoutWatch(timeoutMs, (organ) => new HandlerTimeoutError(organ, timeoutMs));
  }

  /** Resolves with the handler's result, or rejects with its last error and the tries made. */
  invoke(handler: HandlerBinding, event: Event<object>): unknown {
    try {
      const result = handler.invoke(event);
      if (!isThenable(result)) return result;
      return this.withTimeout(handler, result).catch((error) => this.retry(handler, event, error, 1));
    } catch (error) {
      return this.retry(handler, event, error, 1);
    }
  }

  private async retry(handler: HandlerBinding, event: Event<object>, error: unknown, tries: number): Promise<unknown> {
    let lastError = error;
    for (let attempt = tries + 1; attempt <= this.attempts && !isDeterministic(lastError); attempt++) {
      this.stats.handlerRetries++;
      await sleep(backoffDelay(this.baseDelayMs, attempt - 1));
      try {
        const result = handler.invoke(event);
        return isThenable(result) ? await this.withTimeout(handler, result) : result;
      } catch (next) {
        lastError = next;
      }
    }
    throw lastError;
  }

  private withTimeout(handler: HandlerBinding, result: PromiseLike<unknown>): Promise<unknown> {
    return this.timeouts.watch(result, handler.organ);
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

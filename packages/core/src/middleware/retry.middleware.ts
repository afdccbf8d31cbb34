import { backoffDelay, sleep } from '../internal/backoff';
import { isThenable } from '../internal/thenable';
import { isDeterministic } from '../spine/failure-policy';
import type { Handler, HandlerContext, HandlerMiddleware, HandlerResult } from './handler';
import { DeliveryContext, recordOf } from './handler-call';

/** Told of each retry: the Spine counts them in `handlerRetries`. */
export type OnRetry = () => void;

/**
 * Retries a failing call up to `attempts` tries in all, with exponential backoff and jitter; an
 * error that would fail the same way on every try (an invalid result) is not retried. Each try
 * gets a context with a fresh signal; the context's `onRetry` listeners are told of each retry
 * before its backoff. The tries made are recorded for the failure policy.
 */
export function retry(attempts: number, baseDelayMs: number, onRetry: OnRetry): HandlerMiddleware {
  return (next) => (event, context) => {
    let result;
    try {
      result = next(event, context);
    } catch (error) {
      return retryAfter(next, event, context, error);
    }
    if (!isThenable(result)) return result;
    return Promise.resolve(result).catch((error: unknown) => retryAfter(next, event, context, error));
  };

  async function retryAfter(next: Handler, event: Parameters<Handler>[0], context: HandlerContext, error: unknown): Promise<HandlerResult> {
    let lastError = error;
    let tries = 1;
    for (; tries < attempts && !isDeterministic(lastError); tries++) {
      onRetry();
      const delayMs = backoffDelay(baseDelayMs, tries);
      if (context instanceof DeliveryContext) context.retrying({ tries, error: lastError, delayMs });
      await sleep(delayMs);
      const tryContext = context instanceof DeliveryContext ? context.forRetry() : context;
      try {
        return await next(event, tryContext);
      } catch (failure) {
        lastError = failure;
      } finally {
        if (tryContext instanceof DeliveryContext) tryContext.release();
      }
    }
    const record = recordOf(context);
    if (record) record.tries = tries;
    throw lastError;
  }
}

import { HandlerTimeoutError } from '../errors';
import { isThenable } from '../internal/thenable';
import type { HandlerMiddleware } from './handler';
import { DeliveryContext } from './handler-call';
import { TimeoutWatch } from './timeout-watch';

/**
 * Bounds each try of an async handler by `timeoutMs`: past it, the try fails with
 * `HandlerTimeoutError` and the context's signal is aborted with that error, so a handler that
 * listens to it stops before a retry starts. (A synchronous handler blocks the event loop and
 * cannot be interrupted.) One shared timer bounds every call: a timeout fires at most a quarter of
 * `timeoutMs` (or a second) late.
 */
export function timeout(timeoutMs: number): HandlerMiddleware {
  const watch = new TimeoutWatch(timeoutMs, (organ) => new HandlerTimeoutError(organ, timeoutMs));
  return (next) => (event, context) => {
    const result = next(event, context);
    if (!isThenable(result)) return result;
    const onTimeout = context instanceof DeliveryContext ? (error: Error) => context.abort(error) : undefined;
    return watch.watch(result, context.organ, onTimeout);
  };
}

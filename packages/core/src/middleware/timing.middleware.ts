import type { Logger } from '../logging/logger';
import { isThenable } from '../internal/thenable';
import type { HandlerTiming } from '../spine/spine-options';
import type { HandlerContext, HandlerMiddleware } from './handler';

/**
 * Reports each handler call to `onHandlerFinished` once it finished, retries included, with its
 * duration and whether it succeeded. An error the observer throws is logged and ignored.
 */
export function timing(onHandlerFinished: (timing: HandlerTiming) => void, logger: Logger): HandlerMiddleware {
  const report = (context: HandlerContext, started: number, succeeded: boolean): void => {
    try {
      onHandlerFinished({ organ: context.organ, eventType: context.eventType, durationMs: performance.now() - started, succeeded });
    } catch (error) {
      logger.warn('onHandlerFinished threw; ignored', { organ: context.organ, error });
    }
  };
  return (next) => (event, context) => {
    const started = performance.now();
    let result;
    try {
      result = next(event, context);
    } catch (error) {
      report(context, started, false);
      throw error;
    }
    if (!isThenable(result)) {
      report(context, started, true);
      return result;
    }
    return Promise.resolve(result).then(
      (value) => { report(context, started, true); return value; },
      (error: unknown) => { report(context, started, false); throw error; },
    );
  };
}

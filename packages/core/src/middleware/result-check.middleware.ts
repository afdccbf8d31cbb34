import { HandlerResultError } from '../errors';
import { Event } from '../event/event';
import { isThenable } from '../internal/thenable';
import type { HandlerMiddleware, HandlerResult } from './handler';

/** Fails a call whose handler returned something other than `Event | Event[] | void | null`. */
export const resultCheck: HandlerMiddleware = (next) => (event, context) => {
  const result = next(event, context);
  if (!isThenable(result)) return checkResult(result, context.organ);
  return Promise.resolve(result).then((value) => checkResult(value, context.organ));
};

/**
 * `result` if a handler may return it.
 * @throws HandlerResultError naming the organ and what it returned.
 */
export function checkResult(result: unknown, organ: string): HandlerResult {
  if (result === undefined || result === null || result instanceof Event) return result as HandlerResult;
  if (Array.isArray(result)) {
    for (const item of result) {
      if (!(item instanceof Event)) throw new HandlerResultError(organ, `an array holding ${typeName(item)}`);
    }
    return result as HandlerResult;
  }
  throw new HandlerResultError(organ, typeName(result));
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return `a ${typeof value}`;
}

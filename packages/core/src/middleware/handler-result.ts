import { HandlerResultError } from '../errors';
import { Event } from '../event/event';
import type { HandlerResult } from './handler';

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

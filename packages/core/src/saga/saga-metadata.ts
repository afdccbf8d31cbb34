import type { Event } from '../event/event';
import type { HandlerContext, HandlerResult } from '../middleware/handler';
import type { ClassType } from '../organ/metadata';
import type { SagaInstance } from './saga-instance';

/**
 * How a saga finds the instance an event belongs to: a payload field holding a string or a
 * number, or a function of the event returning a non-empty string.
 * @example
 * ```ts
 * const byField: SagaCorrelation = 'order_id';
 * const byFunction: SagaCorrelation = (event) => `${event.payload.region}:${event.payload.order_id}`;
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SagaCorrelation = string | ((event: Event<any>) => string);

/** A saga step as written: the event, the instance, and the handler context. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SagaStepMethod = (event: Event<any>, saga: SagaInstance<any>, context: HandlerContext) => HandlerResult | PromiseLike<HandlerResult>;

/** What one `@SagaStep()` records. */
export interface SagaStepMetadata {
  readonly method: string | symbol;
  readonly eventTypes: readonly string[];
  readonly starts: boolean;
  readonly payload: ClassType | undefined;
  readonly correlate: SagaCorrelation | undefined;
}

// Steps are recorded before the class decorator runs (method decorators run first).
const steps = new WeakMap<object, SagaStepMetadata[]>();

export function addSagaStep(target: object, step: SagaStepMetadata): void {
  const list = steps.get(target) ?? [];
  list.push(step);
  steps.set(target, list);
}

/** The steps declared on `cls` itself. */
export function sagaStepsOf(cls: ClassType): readonly SagaStepMetadata[] {
  return steps.get(cls) ?? [];
}

import { OrganDefinitionError } from '../errors';
import type { HandlerMiddleware } from '../middleware/handler';
import { ListensTo } from '../organ/listens-to.decorator';
import type { ClassType } from '../organ/metadata';
import { Organ } from '../organ/organ.decorator';
import { addSagaStep, sagaStepsOf, type SagaCorrelation } from './saga-metadata';
import { stepHandler } from './saga-step';

/** Options of {@link Saga}. */
export interface SagaOptions<S extends object = object> {
  /** How an event names its instance: a payload field, or a function of the event. */
  readonly correlate: SagaCorrelation;
  /** The state a new instance starts with (called for each new instance). Default `{}`. */
  readonly initialState?: () => S;
  /** The saga's name: its organ name and the name its instances are stored under. Default: the class name. */
  readonly name?: string;
  /** Its consumer group (default: its name), as for `@Organ({ group })`. */
  readonly group?: string;
  /** Middleware around its steps, as for `@Organ({ middleware })`. */
  readonly middleware?: readonly HandlerMiddleware[];
}

/** Options of {@link SagaStep}. */
export interface SagaStepOptions {
  /** Whether the event starts an instance when none exists for its key. Default false: such an event is ignored. */
  readonly starts?: boolean;
  /** A class-validator DTO for the payload, as for `@ListensTo(type, { payload })`. */
  readonly payload?: ClassType;
  /** This step's correlation, when its events name the instance differently from the saga's `correlate`. */
  readonly correlate?: SagaCorrelation;
}

/**
 * Marks a class as a saga (a process manager): an organ whose steps share state per correlation
 * key. Each step loads the instance, runs, and saves it with optimistic concurrency — a
 * concurrent write makes the step run again on the fresh state — so two deliveries for one key
 * never lose an update. The class is an organ: the container (or NestJS) builds it with its
 * dependencies, and the Spine runs it. Give the Spine the {@link sagas} middleware with a store.
 *
 * @example
 * ```ts
 * interface OrderState { status: 'placed' | 'paid'; amount: number }
 *
 * @Saga<OrderState>({ correlate: 'order_id', initialState: () => ({ status: 'placed', amount: 0 }) })
 * class OrderSaga {
 *   @SagaStep('ORDER_PLACED', { starts: true })
 *   placed(event: Event<{ order_id: string; amount: number }>, saga: SagaInstance<OrderState>) {
 *     saga.state.amount = event.payload.amount;
 *     return new Event('CHARGE_CARD', { order_id: saga.key, amount: event.payload.amount });
 *   }
 *
 *   @SagaStep('PAYMENT_PROCESSED')
 *   paid(event: Event<{ order_id: string }>, saga: SagaInstance<OrderState>) {
 *     saga.state.status = 'paid';
 *     saga.complete();
 *     return new Event('ORDER_CONFIRMED', { order_id: saga.key });
 *   }
 * }
 * ```
 */
export function Saga<S extends object = object>(options: SagaOptions<S>): ClassDecorator {
  return (target) => {
    const cls = target as unknown as ClassType;
    const name = options?.name ?? cls.name;
    if (!options || (typeof options.correlate !== 'string' && typeof options.correlate !== 'function') || options.correlate === '') {
      throw new OrganDefinitionError(name || '(anonymous saga)', '@Saga() needs correlate: a payload field name or a function (event) => key');
    }
    const steps = sagaStepsOf(cls);
    if (steps.length === 0) {
      throw new OrganDefinitionError(name, '@Saga() needs at least one @SagaStep() method');
    }
    if (!steps.some((step) => step.starts)) {
      throw new OrganDefinitionError(name, 'no step starts the saga', 'Mark the first step with @SagaStep(type, { starts: true }).');
    }
    const initialState = options.initialState ?? (() => ({}));
    const handledTypes = new Set(steps.flatMap((step) => step.eventTypes));
    for (const step of steps) {
      const method = (cls.prototype as Record<string | symbol, unknown>)[step.method];
      if (typeof method !== 'function') throw new OrganDefinitionError(name, `@SagaStep() is on ${String(step.method)}, which is not a method`);
      const key = Symbol(`${String(step.method)} (saga step)`);
      const handler = stepHandler({
        saga: name, starts: step.starts, correlate: step.correlate ?? options.correlate, initialState, method: method as never, handledTypes,
      });
      Object.defineProperty(cls.prototype, key, { value: handler, configurable: true });
      ListensTo(step.eventTypes, { payload: step.payload })(cls.prototype as object, key);
    }
    Organ({ name, group: options.group, middleware: options.middleware })(target);
  };
}

/**
 * Marks a method of a {@link Saga} class as the step for one or more event types. The method is
 * called with `(event, saga, context)`: the event, the {@link SagaInstance} (key and state), and
 * the handler context; it returns events to publish, as a handler does.
 *
 * @example
 * ```ts
 * @SagaStep(['PAYMENT_FAILED', 'STOCK_FAILED'])
 * failed(event: Event<{ order_id: string; reason: string }>, saga: SagaInstance<OrderState>) {
 *   saga.complete();
 *   return new Event('ORDER_CANCELLED', { order_id: saga.key, reason: event.payload.reason });
 * }
 * ```
 */
export function SagaStep(types: string | readonly string[], options: SagaStepOptions = {}): MethodDecorator {
  return (target, propertyKey) => {
    const eventTypes = typeof types === 'string' ? [types] : [...types];
    addSagaStep(target.constructor, {
      method: propertyKey, eventTypes, starts: options.starts ?? false, payload: options.payload, correlate: options.correlate,
    });
  };
}

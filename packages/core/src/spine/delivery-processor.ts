import type { Delivery, EventDelivery } from '../backend/backend';
import { Event } from '../event/event';
import { isThenable } from '../internal/thenable';
import type { Logger } from '../logging/logger';
import type { HandlerOutcome } from '../middleware/handler';
import { DeliveryContext, type CallRecord } from '../middleware/handler-call';
import { checkResult } from '../middleware/handler-result';
import type { Tries } from '../middleware/tries.middleware';
import { describeError, type Emitted, type FailurePolicy, type Outcome } from './failure-policy';
import type { DelayedEventCheck } from './capability-check';
import type { BoundHandler, DirectCall } from './handler-chain';
import type { Router } from './router';
import type { StatsCounter } from './spine-stats';

const NOTHING: readonly never[] = [];
const NEVER_ABORTED = new AbortController().signal;
const ACKED: HandlerOutcome = Object.freeze({ kind: 'ack' });
const REDELIVERED: HandlerOutcome = Object.freeze({ kind: 'redeliver' });

/** Runs one delivery through its organs' handler chains, and gives emitted events their lineage. */
export class DeliveryProcessor {
  /** The Spine's stop deadline: what every handler context's signal also follows. */
  deadline: AbortSignal = NEVER_ABORTED;

  constructor(
    private readonly router: Router,
    private readonly policy: FailurePolicy,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
    private readonly delayed: DelayedEventCheck,
  ) {}

  /**
   * The outcome, or the delivery suspended at its first async handler call: once that call's
   * `pending` settles, hand what it settled with to {@link resume} or {@link failedCall}.
   */
  process(delivery: Delivery): Outcome | SuspendedDelivery {
    const refused = this.policy.refused(delivery, this.router);
    if (refused) return refused;
    const { event } = delivery as EventDelivery;
    return this.runHandlers(delivery as EventDelivery, this.router.handlers(delivery.group, event.eventType), 0, undefined, undefined);
  }

  /** Continues a suspended delivery whose call resolved with `result`. */
  resume(suspended: SuspendedDelivery, result: unknown): Outcome | SuspendedDelivery {
    const { delivery, handlers, index, context, waiting } = suspended;
    const { organ } = handlers[index] as BoundHandler;
    let emitted;
    try {
      emitted = this.collect(result, organ, suspended.emitted);
    } catch (error) {
      return this.failed(delivery, organ, error, context, waiting);
    }
    return this.runHandlers(delivery, handlers, index + 1, emitted, callSucceeded(context, waiting));
  }

  /**
   * The outcome of a suspended delivery whose call failed with `error`; a first try the Spine made
   * itself (see BoundHandler.direct) is retried as the built-in tries would, suspended again.
   */
  failedCall(suspended: SuspendedDelivery, error: unknown): Outcome | SuspendedDelivery {
    const { delivery, handlers, index, context, waiting } = suspended;
    if (suspended.bounded) return this.retried(delivery, handlers, index, suspended.called, suspended.emitted, waiting, context, error);
    return this.failed(delivery, (handlers[index] as BoundHandler).organ, error, context, waiting);
  }

  /**
   * A first try the Spine made itself ran out of time (see {@link SuspendedDelivery.bounded}): its
   * context's signal is aborted with the timeout error, and the call goes on with its retries.
   */
  timedOut(suspended: SuspendedDelivery): SuspendedDelivery {
    const { delivery, handlers, index, context, waiting } = suspended;
    const error = (suspended.bounded as Tries).timeoutError(context.organ);
    context.abort(error);
    return this.retried(delivery, handlers, index, suspended.called, suspended.emitted, waiting, context, error);
  }

  /**
   * Runs the handlers from `start` on, synchronously until one returns a promise.
   * `waiting` are the contexts of calls that succeeded and wait for the delivery's outcome.
   */
  private runHandlers(
    delivery: EventDelivery, handlers: readonly BoundHandler[], start: number, emitted: Emitted[] | undefined,
    waiting: DeliveryContext[] | undefined,
  ): Outcome | SuspendedDelivery {
    const { event } = delivery;
    for (let i = start; i < handlers.length; i++) {
      const handler = handlers[i] as BoundHandler;
      if (this.logger.isDebugEnabled()) this.logDelivery(handler, event);
      const context = new DeliveryContext(handler, delivery, event.eventType, this.deadline);
      const { direct } = handler;
      // Without middleware around the tries, the payload is validated and the first try made here (see BoundHandler.direct).
      let called: Event = event;
      if (direct?.view) {
        try {
          called = direct.view(event, context);
        } catch (error) {
          return this.failed(delivery, handler.organ, error, context, waiting);
        }
      }
      let result: unknown;
      let pending: PromiseLike<unknown> | undefined;
      try {
        result = direct ? direct.invoke(called, context) : handler.handle(event, context);
        if (isThenable(result)) pending = result;
      } catch (error) {
        if (direct) return this.retried(delivery, handlers, i, called, emitted, waiting, context, error);
        return this.failed(delivery, handler.organ, error, context, waiting);
      }
      if (pending) return new SuspendedDelivery(delivery, handlers, i, called, emitted, waiting, context, pending, direct?.tries);
      try {
        emitted = this.collect(result, handler.organ, emitted);
      } catch (error) {
        return this.failed(delivery, handler.organ, error, context, waiting);
      }
      waiting = callSucceeded(context, waiting);
    }
    if (waiting) for (const done of waiting) done.decided(ACKED);
    return emitted === undefined ? { kind: 'ack', delivery, emitted: NOTHING, loops: NOTHING } : this.stamp(delivery, emitted);
  }

  /** The retries of a first try made here that failed with `error`, made by the built-in tries. */
  private retried(
    delivery: EventDelivery, handlers: readonly BoundHandler[], index: number, called: Event, emitted: Emitted[] | undefined,
    waiting: DeliveryContext[] | undefined, context: DeliveryContext, error: unknown,
  ): SuspendedDelivery {
    const { tries, invoke } = (handlers[index] as BoundHandler).direct as DirectCall;
    const retries = tries.retryAfter(invoke, called, context, error);
    return new SuspendedDelivery(delivery, handlers, index, called, emitted, waiting, context, retries, undefined);
  }

  private failed(
    delivery: EventDelivery, organ: string, error: unknown, context: DeliveryContext, waiting: DeliveryContext[] | undefined,
  ): Outcome {
    context.release();
    const call: CallRecord = context;
    const fields = {
      organ, event_id: delivery.event.id, event_type: delivery.event.eventType, correlation_id: delivery.event.correlationId,
    };
    if (call.invalidPayload) {
      this.logger.warn('Invalid payload dead-lettered', { ...fields, reason: describeError(error).message });
    } else {
      this.stats.countHandlerError(organ);
      this.logger.error('Handler failed', { ...fields, delivery_attempt: delivery.attempt, tries: call.tries, error });
    }
    const outcome = this.policy.handlerFailed(delivery, organ, error, call);
    const told = toldOutcome(outcome);
    context.decided(told);
    if (waiting) for (const done of waiting) done.decided(told);
    return outcome;
  }

  /** What the delivery emitted so far; a delayed event fails the call when the backend would deliver it at once. */
  private collect(result: unknown, organ: string, into: Emitted[] | undefined): Emitted[] | undefined {
    const emitted = collect(result, organ, into);
    if (emitted !== undefined && !this.delayed.honoured) this.delayed.check(emitted.map((e) => e.event));
    return emitted;
  }

  /** Gives emitted events their lineage; cuts chains deeper than `maxCausationDepth`. */
  private stamp(delivery: EventDelivery, emitted: Emitted[]): Outcome {
    const parent = delivery.event;
    const causationDepth = parent.causationDepth + 1;
    const correlationId = parent.correlationId ?? parent.id;
    for (const entry of emitted) {
      const { event } = entry;
      entry.event = Event.withLineage(event, event.correlationId ?? correlationId, event.causationId ?? parent.id, causationDepth);
    }
    if (!this.policy.isLoop(causationDepth)) return { kind: 'ack', delivery, emitted, loops: NOTHING };
    return { kind: 'ack', delivery, emitted: NOTHING, loops: this.policy.loopLetters(delivery, emitted, causationDepth) };
  }

  private logDelivery(handler: BoundHandler, event: Event): void {
    this.logger.debug('Delivering event', {
      organ: handler.organ, event_id: event.id, event_type: event.eventType, correlation_id: event.correlationId,
    });
  }
}

/**
 * A delivery waiting for the async call of the handler at `index`: what it ran so far, and the
 * call's promise. One plain object per async delivery — whoever waits for `pending` holds it.
 * `called`: the event the handler was called with (its payload the DTO instance when validated
 * here). `bounded`: `pending` is a first try made without the tries' middleware (see
 * BoundHandler.direct), so whoever waits for it bounds it with these tries' timeout (see
 * {@link DeliveryProcessor.timedOut}).
 */
export class SuspendedDelivery {
  constructor(
    readonly delivery: EventDelivery, readonly handlers: readonly BoundHandler[], readonly index: number, readonly called: Event,
    readonly emitted: Emitted[] | undefined, readonly waiting: DeliveryContext[] | undefined,
    readonly context: DeliveryContext, readonly pending: PromiseLike<unknown>, readonly bounded: Tries | undefined,
  ) {}
}

/** A call succeeded: its context stops following the deadline, and waits for the outcome if anyone listens. */
function callSucceeded(context: DeliveryContext, waiting: DeliveryContext[] | undefined): DeliveryContext[] | undefined {
  context.release();
  if (context.awaitsOutcome) (waiting ??= []).push(context);
  return waiting;
}

/** What a context's `onOutcome` listeners are told of a failed call's outcome. */
function toldOutcome(outcome: Outcome): HandlerOutcome {
  if (outcome.kind === 'ack') return ACKED;
  if (outcome.kind === 'nack') return REDELIVERED;
  return { kind: 'dead-letter', reason: outcome.letter.error };
}

/** Adds a handler's result to what the delivery emitted; a middleware may have replaced it, so it is checked again. */
function collect(result: unknown, organ: string, into: Emitted[] | undefined): Emitted[] | undefined {
  const checked = checkResult(result, organ);
  if (checked === undefined || checked === null) return into;
  const out = into ?? [];
  if (checked instanceof Event) out.push({ event: checked, organ });
  else for (const event of checked as readonly Event<object>[]) out.push({ event, organ });
  return out;
}

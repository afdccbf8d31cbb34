import type { DeadLetter, DeadLetterError, Delivery, EventDelivery } from '../backend/backend';
import { EventLoopError, HandlerResultError, NecroStackError } from '../errors';
import { Event } from '../event/event';
import type { Logger } from '../logging/logger';
import type { HandlerBinding } from '../organ/organ-definition';
import { validatePayload } from '../validation/payload-validator';
import { HandlerInvoker, isDeterministic, isThenable } from './handler-invoker';
import type { Router } from './router';
import { HandlerFailureMode, type HandlerTiming, type ResolvedSettings } from './spine-options';
import type { StatsCounter } from './spine-stats';

/** An event a handler returned, with the organ that returned it. */
export interface Emitted {
  /** Replaced by the same event with its lineage once the handler returns. */
  event: Event<object>;
  readonly organ: string;
}

/** What became of one delivery. */
export type Outcome =
  | { readonly kind: 'ack'; readonly delivery: Delivery; readonly emitted: readonly Emitted[]; readonly loops: readonly DeadLetter[] }
  | { readonly kind: 'nack'; readonly delivery: Delivery }
  | { readonly kind: 'dead'; readonly letter: DeadLetter };

const NOTHING: readonly never[] = [];

/** Runs one delivery through its organs' handlers: validation, retries, failure mode, lineage. */
export class DeliveryProcessor {
  private readonly invoker: HandlerInvoker;

  constructor(
    private readonly router: Router,
    private readonly settings: ResolvedSettings,
    private readonly maxDeliveries: number,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
    private readonly onHandlerFinished?: (timing: HandlerTiming) => void,
  ) {
    this.invoker = new HandlerInvoker(settings.retryAttempts, settings.retryBaseDelayMs, settings.handlerTimeoutMs, stats);
  }

  /** The outcome, synchronously when every handler was synchronous. */
  process(delivery: Delivery): Outcome | Promise<Outcome> {
    if (delivery.kind === 'malformed') {
      return dead(delivery, delivery.raw, this.router.organOf(delivery.group), delivery.error, delivery.attempt);
    }
    return this.runHandlers(delivery, this.router.handlers(delivery.group, delivery.event.eventType), 0, undefined);
  }

  /** Runs the handlers from `start` on; switches to async at the first handler that returns a promise. */
  private runHandlers(
    delivery: EventDelivery, handlers: readonly HandlerBinding[], start: number, emitted: Emitted[] | undefined,
  ): Outcome | Promise<Outcome> {
    const { event } = delivery;
    for (let i = start; i < handlers.length; i++) {
      const handler = handlers[i] as HandlerBinding;
      if (this.logger.isDebugEnabled()) this.logDelivery(handler, event);
      let view: Event<object>;
      try {
        view = this.view(handler, event);
      } catch (error) {
        // Whatever the failure mode, an invalid payload is dead-lettered: retrying cannot fix it.
        this.logger.warn('Invalid payload dead-lettered', {
          organ: handler.organ, event_id: event.id, event_type: event.eventType, correlation_id: event.correlationId, reason: describeError(error).message,
        });
        return dead(delivery, event, handler.organ, error, delivery.attempt);
      }
      const started = this.onHandlerFinished ? performance.now() : 0;
      try {
        const result = this.invoker.invoke(handler, view);
        if (isThenable(result)) return this.awaitHandler(delivery, handlers, i, emitted, result, started);
        emitted = collect(result, handler.organ, emitted);
      } catch (error) {
        this.timed(handler, event, started, false);
        return this.fail(delivery, handler.organ, error);
      }
      this.timed(handler, event, started, true);
    }
    return emitted === undefined ? { kind: 'ack', delivery, emitted: NOTHING, loops: NOTHING } : this.stamp(delivery, emitted);
  }

  private async awaitHandler(
    delivery: EventDelivery, handlers: readonly HandlerBinding[], index: number, emitted: Emitted[] | undefined,
    pending: PromiseLike<unknown>, started: number,
  ): Promise<Outcome> {
    const handler = handlers[index] as HandlerBinding;
    try {
      emitted = collect(await pending, handler.organ, emitted);
    } catch (error) {
      this.timed(handler, delivery.event, started, false);
      return this.fail(delivery, handler.organ, error);
    }
    this.timed(handler, delivery.event, started, true);
    return this.runHandlers(delivery, handlers, index + 1, emitted);
  }

  /** Reports a finished handler call to `onHandlerFinished`, if set; its errors never fail the delivery. */
  private timed(handler: HandlerBinding, event: Event, started: number, succeeded: boolean): void {
    if (!this.onHandlerFinished) return;
    try {
      this.onHandlerFinished({ organ: handler.organ, eventType: event.eventType, durationMs: performance.now() - started, succeeded });
    } catch (error) {
      this.logger.warn('onHandlerFinished threw; ignored', { organ: handler.organ, error });
    }
  }

  /** The event as the handler sees it: with its DTO instance as payload when it declared one. */
  private view(handler: HandlerBinding, event: Event): Event<object> {
    if (!handler.payload) return event;
    return Event.withPayload(event, validatePayload(handler.payload, event.payload, event.eventType));
  }

  private fail(delivery: EventDelivery, organ: string, error: unknown): Outcome {
    this.stats.countHandlerError(organ);
    this.logger.error('Handler failed', {
      organ, event_id: delivery.event.id, event_type: delivery.event.eventType,
      correlation_id: delivery.event.correlationId, delivery_attempt: delivery.attempt,
      tries: isDeterministic(error) ? 1 : this.settings.retryAttempts, error,
    });
    switch (this.settings.handlerFailureMode) {
      case HandlerFailureMode.LOG:
        return { kind: 'ack', delivery, emitted: NOTHING, loops: NOTHING };
      case HandlerFailureMode.NACK:
        if (delivery.attempt < this.maxDeliveries && !isDeterministic(error)) return { kind: 'nack', delivery };
        return dead(delivery, delivery.event, organ, error, delivery.attempt);
      default:
        return dead(delivery, delivery.event, organ, error, isDeterministic(error) ? 1 : this.settings.retryAttempts);
    }
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
    if (causationDepth <= this.settings.maxCausationDepth) return { kind: 'ack', delivery, emitted, loops: NOTHING };
    const error = describeError(new EventLoopError(causationDepth, this.settings.maxCausationDepth));
    const loops = emitted.map(({ event, organ }): DeadLetter => ({ event, organ, error, attempts: 1 }));
    return { kind: 'ack', delivery, emitted: NOTHING, loops };
  }

  private logDelivery(handler: HandlerBinding, event: Event): void {
    this.logger.debug('Delivering event', {
      organ: handler.organ, event_id: event.id, event_type: event.eventType, correlation_id: event.correlationId,
    });
  }
}

function collect(result: unknown, organ: string, into: Emitted[] | undefined): Emitted[] | undefined {
  if (result === undefined || result === null) return into;
  const out = into ?? [];
  if (result instanceof Event) {
    out.push({ event: result, organ });
  } else if (Array.isArray(result)) {
    for (const item of result) {
      if (!(item instanceof Event)) throw new HandlerResultError(organ, `an array holding ${typeName(item)}`);
      out.push({ event: item, organ });
    }
  } else {
    throw new HandlerResultError(organ, typeName(result));
  }
  return out;
}

function dead(delivery: Delivery, event: Event | string, organ: string, error: unknown, attempts: number): Outcome {
  return { kind: 'dead', letter: { delivery, event, organ, error: describeError(error), attempts } };
}

/** The plain-data form of an error kept with a dead letter. */
export function describeError(error: unknown): DeadLetterError {
  if (error instanceof NecroStackError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return `a ${typeof value}`;
}

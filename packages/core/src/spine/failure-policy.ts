import type { DeadLetter, Delivery, EventDelivery } from '../backend/backend';
import { ConfigurationError, DeliveryExhaustedError, EventLoopError, HandlerResultError, NecroStackError, PayloadValidationError, type EnqueueError } from '../errors';
import type { Event } from '../event/event';
import type { CallRecord } from '../middleware/handler-call';
import { EnqueueFailureMode, HandlerFailureMode, type ResolvedSettings } from './spine-options';

/** An event a handler returned, with the organ that returned it. */
export interface Emitted {
  /** Replaced by the same event with its lineage once the handler returns. */
  event: Event<object>;
  readonly organ: string;
}

/** What became of one delivery. */
export type Outcome =
  /** Done. `emitted` are to be stored first; `loops` (emitted events cut as a loop) are dead letters whose `source` is this delivery. */
  | { readonly kind: 'ack'; readonly delivery: Delivery; readonly emitted: readonly Emitted[]; readonly loops: readonly DeadLetter[] }
  /** Failed: to be delivered again. */
  | { readonly kind: 'nack'; readonly delivery: Delivery }
  /** Failed for good: the dead letter acks the delivery. */
  | { readonly kind: 'dead'; readonly letter: DeadLetter };

/** What becomes of deliveries whose emitted events could not be stored. */
export type EnqueueVerdict =
  /** Dead-letter the events, acking each source with its events' dead letters. */
  | 'dead-letter'
  /** Deliver the sources again: their handlers run again and emit again. */
  | 'redeliver'
  /** Deliver the sources again and end the loop with the error. */
  | 'fail';

/** Which organ to name for a failure of a group that no single handler caused. */
export interface OrganNames {
  organOf(group: string): string;
}

type PolicySettings = Pick<ResolvedSettings, 'handlerFailureMode' | 'enqueueFailureMode' | 'retryAttempts' | 'maxCausationDepth'>;

const NOTHING: readonly never[] = [];

/** Errors that would fail the same way on every try: retrying them only repeats side effects. */
export function isDeterministic(error: unknown): boolean {
  return error instanceof PayloadValidationError || error instanceof HandlerResultError || error instanceof ConfigurationError;
}

/**
 * The one place that decides what a failure becomes — ack, redeliver or dead letter — for every
 * path: an entry that is not an event, a delivery past `maxDeliveries` (a takeover after crashes),
 * an invalid payload, a failing handler in each `handlerFailureMode`, a causation loop, and emitted
 * events that could not be stored in each `enqueueFailureMode`. Every dead letter is built here.
 */
export class FailurePolicy {
  constructor(private readonly settings: PolicySettings, private readonly maxDeliveries: number) {}

  /** The outcome of a delivery no handler may see (malformed, or delivered too often), else undefined. */
  refused(delivery: Delivery, organs: OrganNames): Outcome | undefined {
    if (delivery.kind === 'malformed') return dead(delivery, delivery.raw, organs.organOf(delivery.group), delivery.error, delivery.attempt);
    if (delivery.attempt > this.maxDeliveries) {
      // Taken over after crashes, each killing its consumer before it settled: never run it again.
      const failures = delivery.attempt - 1;
      return dead(delivery, delivery.event, organs.organOf(delivery.group), new DeliveryExhaustedError(failures), failures);
    }
    return undefined;
  }

  /** The outcome of a handler call that failed (its retries, if any, made). */
  handlerFailed(delivery: EventDelivery, organ: string, error: unknown, call: CallRecord): Outcome {
    // Whatever the mode, an invalid payload is dead-lettered: retrying cannot fix it.
    if (call.invalidPayload) return dead(delivery, delivery.event, organ, error, delivery.attempt);
    switch (this.settings.handlerFailureMode) {
      case HandlerFailureMode.LOG:
        return { kind: 'ack', delivery, emitted: NOTHING, loops: NOTHING };
      case HandlerFailureMode.NACK:
        if (delivery.attempt < this.maxDeliveries && !isDeterministic(error)) return { kind: 'nack', delivery };
        return dead(delivery, delivery.event, organ, error, delivery.attempt);
      default:
        return dead(delivery, delivery.event, organ, error, call.tries);
    }
  }

  /** Whether emitted events at `depth` are cut as a loop. */
  isLoop(depth: number): boolean {
    return depth > this.settings.maxCausationDepth;
  }

  /** The dead letters of emitted events cut as a loop: written with their source's ack. */
  loopLetters(source: Delivery, emitted: readonly Emitted[], depth: number): DeadLetter[] {
    const error = describeError(new EventLoopError(depth, this.settings.maxCausationDepth));
    return emitted.map(({ event, organ }) => ({ source, event, organ, error, attempts: 1 }));
  }

  /** How many times emitted events are offered to the backend before their failure counts. */
  enqueueTries(): number {
    return this.settings.enqueueFailureMode === EnqueueFailureMode.FAIL ? 1 : this.settings.retryAttempts;
  }

  /**
   * What becomes of the sources of emitted events that could not be stored. A write whose outcome
   * is unknown (no reply came: the events may be stored) is never dead-lettered, since a replay
   * would store them twice: the sources are delivered again instead.
   */
  enqueueFailed(error: EnqueueError): EnqueueVerdict {
    if (this.settings.enqueueFailureMode !== EnqueueFailureMode.STORE) return 'fail';
    return error.outcome === 'unknown' ? 'redeliver' : 'dead-letter';
  }

  /** The dead letters of a source's emitted events that could not be stored: written with its ack. */
  enqueueLetters(source: Delivery, emitted: readonly Emitted[], error: EnqueueError): DeadLetter[] {
    const reason = describeError(error);
    const attempts = this.enqueueTries();
    return emitted.map(({ event, organ }) => ({ source, event, organ, error: reason, attempts }));
  }
}

function dead(delivery: Delivery, event: Event | string, organ: string, error: unknown, attempts: number): Outcome {
  return { kind: 'dead', letter: { delivery, event, organ, error: describeError(error), attempts } };
}

/** The plain-data form of an error kept with a dead letter. */
export function describeError(error: unknown): DeadLetter['error'] {
  if (error instanceof NecroStackError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

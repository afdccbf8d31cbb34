import type { Logger } from '../logging/logger';
import type { HandlerContext } from './handler';

/** What the built-in middleware learn about one handler call, for the failure policy. */
export interface CallRecord {
  /** Tries made, once the call failed (1 unless it was retried). */
  tries: number;
  /** The payload did not satisfy the DTO: the handler never ran. */
  invalidPayload: boolean;
}

/** The organ handler a context is for. */
export interface ContextHandler {
  readonly organ: string;
  readonly logger: Logger;
}

/** The delivery a context is for. */
export interface ContextDelivery {
  readonly group: string;
  readonly attempt: number;
}

/**
 * The {@link HandlerContext} the Spine creates for a handler call, and the call's record. Its
 * signal is made only when something reads it (an AbortSignal costs more than the rest of a
 * delivery), and follows the Spine's stop deadline; each retry gets a context of its own, with a
 * fresh signal, whose record is the first context's.
 */
export class DeliveryContext implements HandlerContext, CallRecord {
  readonly organ: string;
  readonly eventType: string;
  readonly group: string;
  readonly attempt: number;
  readonly logger: Logger;
  tries = 1;
  invalidPayload = false;
  /** The context of the call's first try, which holds the record. */
  readonly record: CallRecord;
  #controller: AbortController | undefined;
  #unlink: (() => void) | undefined;

  // Built from objects that exist already (no options object per call: this runs for every delivery).
  constructor(handler: ContextHandler, delivery: ContextDelivery, eventType: string, private readonly deadline: AbortSignal, first?: DeliveryContext) {
    this.organ = handler.organ;
    this.eventType = eventType;
    this.group = delivery.group;
    this.attempt = delivery.attempt;
    this.logger = handler.logger;
    this.record = first ?? this;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      const { deadline } = this;
      if (deadline.aborted) {
        controller.abort(deadline.reason);
      } else {
        const onDeadline = (): void => controller.abort(deadline.reason);
        deadline.addEventListener('abort', onDeadline, { once: true });
        this.#unlink = () => deadline.removeEventListener('abort', onDeadline);
      }
    }
    return this.#controller.signal;
  }

  /** Aborts the signal (if anyone holds it) with `reason`: the call ran out of time. */
  abort(reason: Error): void {
    this.#controller?.abort(reason);
    this.release();
  }

  /** The context of the next try: same call, fresh signal. */
  forRetry(): DeliveryContext {
    this.release();
    return new DeliveryContext(this, this, this.eventType, this.deadline, this.record as DeliveryContext);
  }

  /** Stops following the stop deadline (the call is over). */
  release(): void {
    this.#unlink?.();
    this.#unlink = undefined;
  }
}

/** The call record behind a context, when the Spine made it (a middleware may pass another object). */
export function recordOf(context: HandlerContext): CallRecord | undefined {
  return context instanceof DeliveryContext ? context.record : undefined;
}

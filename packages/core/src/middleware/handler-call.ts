import type { Logger } from '../logging/logger';
import type { HandlerContext } from './handler';

/** What the built-in middleware learn about one handler call, for the failure policy. */
export interface CallRecord {
  /** Tries made, once the call failed (1 unless it was retried). */
  tries: number;
  /** The payload did not satisfy the DTO: the handler never ran. */
  invalidPayload: boolean;
}

/** Where a context's signal comes from: the Spine's stop deadline. */
export interface ContextOrigin {
  readonly organ: string;
  readonly eventType: string;
  readonly group: string;
  readonly attempt: number;
  readonly logger: Logger;
}

/**
 * The {@link HandlerContext} the Spine creates for a handler call. Its signal is made only when
 * something reads it (an AbortSignal costs more than the rest of a delivery); each retry gets a
 * context of its own, with a fresh signal, sharing the call's record.
 */
export class DeliveryContext implements HandlerContext {
  readonly organ: string;
  readonly eventType: string;
  readonly group: string;
  readonly attempt: number;
  readonly logger: Logger;
  #controller: AbortController | undefined;
  #unlink: (() => void) | undefined;

  constructor(origin: ContextOrigin, readonly record: CallRecord, private readonly deadline: AbortSignal) {
    this.organ = origin.organ;
    this.eventType = origin.eventType;
    this.group = origin.group;
    this.attempt = origin.attempt;
    this.logger = origin.logger;
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
    return new DeliveryContext(this, this.record, this.deadline);
  }

  /** Stops listening to the stop deadline (the call is over). */
  release(): void {
    this.#unlink?.();
    this.#unlink = undefined;
  }
}

/** The call record behind a context, when the Spine made it (a middleware may pass another object). */
export function recordOf(context: HandlerContext): CallRecord | undefined {
  return context instanceof DeliveryContext ? context.record : undefined;
}

import type { Logger } from '../logging/logger';
import type { HandlerContext, HandlerOutcome, HandlerRetry } from './handler';

/** What the built-in middleware learn about one handler call, for the failure policy. */
export interface CallRecord {
  /** Tries made, once the call failed (1 unless it was retried). */
  tries: number;
  /** The payload did not satisfy the DTO: the handler never ran. */
  invalidPayload: boolean;
  /** Who listens to the call's retries and outcome: made at the first registration. */
  listeners?: CallListeners;
}

/** The listeners registered on a call's context (and shared by its retries' contexts). */
interface CallListeners {
  readonly retry: ((retry: HandlerRetry) => void)[];
  readonly outcome: ((outcome: HandlerOutcome) => void)[];
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
  listeners: CallListeners | undefined = undefined;
  /** The context of the call's first try, which holds the record. */
  readonly record: DeliveryContext;
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

  onRetry(listener: (retry: HandlerRetry) => void): void {
    this.registered().retry.push(listener);
  }

  onOutcome(listener: (outcome: HandlerOutcome) => void): void {
    this.registered().outcome.push(listener);
  }

  /** Tells the retry listeners a retry is about to start. */
  retrying(retry: HandlerRetry): void {
    for (const listener of this.record.listeners?.retry ?? NONE) this.tell(listener, retry, 'onRetry');
  }

  /** Whether anyone waits for the outcome. */
  get awaitsOutcome(): boolean {
    return (this.record.listeners?.outcome.length ?? 0) > 0;
  }

  /** Tells the outcome listeners what became of the delivery; each is told once. */
  decided(outcome: HandlerOutcome): void {
    const listeners = this.record.listeners?.outcome;
    if (!listeners) return;
    for (const listener of listeners.splice(0)) this.tell(listener, outcome, 'onOutcome');
  }

  /** Aborts the signal (if anyone holds it) with `reason`: the call ran out of time. */
  abort(reason: Error): void {
    this.#controller?.abort(reason);
    this.release();
  }

  /** The context of the next try: same call, fresh signal. */
  forRetry(): DeliveryContext {
    this.release();
    return new DeliveryContext(this, this, this.eventType, this.deadline, this.record);
  }

  /** Stops following the stop deadline (the call is over). */
  release(): void {
    this.#unlink?.();
    this.#unlink = undefined;
  }

  private registered(): CallListeners {
    return (this.record.listeners ??= { retry: [], outcome: [] });
  }

  private tell<T>(listener: (value: T) => void, value: T, registeredWith: string): void {
    try {
      listener(value);
    } catch (error) {
      this.logger.warn('A context listener threw; ignored', { organ: this.organ, listener: registeredWith, error });
    }
  }
}

const NONE: readonly never[] = [];

/** The call record behind a context, when the Spine made it (a middleware may pass another object). */
export function recordOf(context: HandlerContext): CallRecord | undefined {
  return context instanceof DeliveryContext ? context.record : undefined;
}

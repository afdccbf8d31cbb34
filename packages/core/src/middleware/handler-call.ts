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

  onRetry(listener: (retry: HandlerRetry) => void): void {
    this.listeners().retry.push(listener);
  }

  onOutcome(listener: (outcome: HandlerOutcome) => void): void {
    this.listeners().outcome.push(listener);
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
    return new DeliveryContext(this, this.record, this.deadline);
  }

  /** Stops listening to the stop deadline (the call is over). */
  release(): void {
    this.#unlink?.();
    this.#unlink = undefined;
  }

  private listeners(): CallListeners {
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

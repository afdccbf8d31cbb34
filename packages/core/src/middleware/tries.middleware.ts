import { HandlerTimeoutError } from '../errors';
import type { Event } from '../event/event';
import { backoffDelay, sleep } from '../internal/backoff';
import { promiseSettledBy, type Resolvers } from '../internal/resolvers';
import { isThenable } from '../internal/thenable';
import { isDeterministic } from '../spine/failure-policy';
import type { Handler, HandlerContext, HandlerMiddleware, HandlerResult } from './handler';
import { DeliveryContext, recordOf } from './handler-call';
import { checkResult } from './handler-result';
import { TimeoutWatch, type Watched } from './timeout-watch';

/** How a call is tried. */
export interface TriesOptions {
  /** Tries in all, the first included (`retryAttempts`). */
  readonly attempts: number;
  /** The first backoff, doubled on each retry, with jitter (`retryBaseDelayMs`). */
  readonly baseDelayMs: number;
  /** How long each try of an async handler may take (`handlerTimeoutMs`). */
  readonly timeoutMs: number;
  /** Told of each retry: the Spine counts them in `handlerRetries`. */
  readonly onRetry: () => void;
}

/**
 * The built-in tries of a handler call: each try's result is checked (`Event | Event[] | void |
 * null`, else `HandlerResultError`); each try of an async handler is bounded by `timeoutMs`, past
 * which it fails with `HandlerTimeoutError` and the context's signal is aborted with that error, so
 * a handler that listens to it stops before a retry starts (a synchronous handler blocks the event
 * loop and cannot be interrupted); a failing call is tried up to `attempts` times in all, with
 * exponential backoff and jitter, unless its error would fail the same way on every try (an invalid
 * result). Each retry gets a context with a fresh signal; the context's `onRetry` listeners are told
 * of each retry before its backoff; the tries made are recorded for the failure policy.
 *
 * One shared timer bounds every try (a timeout fires at most a quarter of `timeoutMs`, or a second,
 * late), and a try that succeeds costs one promise, not one per concern.
 *
 * `middleware` is the tries as a handler middleware. When no other middleware wraps them, the Spine
 * uses the parts itself: it runs a first try without a promise of the tries' own, bounds it with
 * {@link Tries.watch}, and hands what fails or times out to {@link Tries.retryAfter}.
 */
export class Tries {
  readonly watch: TimeoutWatch;
  readonly middleware: HandlerMiddleware = (next) => (event, context) => this.first(next, event, context);

  constructor(private readonly options: TriesOptions) {
    this.watch = new TimeoutWatch(options.timeoutMs);
  }

  /** The call's first try; what fails is retried. */
  first(next: Handler, event: Event, context: HandlerContext): HandlerResult | Promise<HandlerResult> {
    let result;
    try {
      result = next(event, context);
      if (!isThenable(result)) return checkResult(result, context.organ);
    } catch (error) {
      return this.retryAfter(next, event, context, error);
    }
    return new PendingTry(this, next, event, context, true, result).promise;
  }

  /** A retry: fails as its try does. */
  private again(next: Handler, event: Event, context: HandlerContext): HandlerResult | Promise<HandlerResult> {
    const result = next(event, context);
    if (!isThenable(result)) return checkResult(result, context.organ);
    return new PendingTry(this, next, event, context, false, result).promise;
  }

  /** The error of a try of `organ` that ran out of time. */
  timeoutError(organ: string): HandlerTimeoutError {
    return new HandlerTimeoutError(organ, this.options.timeoutMs);
  }

  /** Retries after the first try failed with `error`; rejects with the last try's error. */
  async retryAfter(next: Handler, event: Event, context: HandlerContext, error: unknown): Promise<HandlerResult> {
    const { attempts, baseDelayMs, onRetry } = this.options;
    let lastError = error;
    let tries = 1;
    for (; tries < attempts && !isDeterministic(lastError); tries++) {
      onRetry();
      const delayMs = backoffDelay(baseDelayMs, tries);
      if (context instanceof DeliveryContext) context.retrying({ tries, error: lastError, delayMs });
      await sleep(delayMs);
      const tryContext = context instanceof DeliveryContext ? context.forRetry() : context;
      try {
        return await this.again(next, event, tryContext);
      } catch (failure) {
        lastError = failure;
      } finally {
        if (tryContext instanceof DeliveryContext) tryContext.release();
      }
    }
    const record = recordOf(context);
    if (record) record.tries = tries;
    throw lastError;
  }
}

/** One try of an async handler in progress: its timeout entry, and the promise of its checked result. */
class PendingTry implements Watched, Resolvers<HandlerResult> {
  readonly deadline: number;
  settled = false;
  resolve!: Resolvers<HandlerResult>['resolve'];
  reject!: Resolvers<HandlerResult>['reject'];
  readonly promise: Promise<HandlerResult>;

  constructor(
    private readonly tries: Tries, private readonly next: Handler, private readonly event: Event,
    private readonly context: HandlerContext, private readonly retryOnFailure: boolean, pending: PromiseLike<unknown>,
  ) {
    this.deadline = tries.watch.deadlineFromNow();
    this.promise = promiseSettledBy(this);
    pending.then((value) => this.succeeded(value), (error: unknown) => this.failed(error));
    tries.watch.watch(this);
  }

  expire(): void {
    const error = this.tries.timeoutError(this.context.organ);
    if (this.context instanceof DeliveryContext) this.context.abort(error);
    this.fail(error);
  }

  private succeeded(value: unknown): void {
    if (this.settled) return;
    this.settled = true;
    let checked;
    try {
      checked = checkResult(value, this.context.organ);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.resolve(checked);
  }

  private failed(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.retryOnFailure) this.resolve(this.tries.retryAfter(this.next, this.event, this.context, error));
    else this.reject(error);
  }
}

import type { Delivery } from '../backend/backend';
import { promiseSettledBy, type Resolvers } from '../internal/resolvers';
import type { TimeoutWatch, Watched } from '../middleware/timeout-watch';
import { SuspendedDelivery, type DeliveryProcessor } from './delivery-processor';
import type { Outcome } from './failure-policy';

/**
 * Runs a batch's deliveries through the processor, up to `concurrency` at once, each lane taking
 * the next delivery when its last one is done; no lane starts a delivery once `deadline` is
 * aborted. Resolves once every lane stopped, with `outcomes[i]` set for each delivery done;
 * rejects with the first error a lane met (the other lanes go on).
 */
export function runBatch(
  processor: DeliveryProcessor, batch: readonly Delivery[], concurrency: number, deadline: AbortSignal,
): { readonly outcomes: (Outcome | undefined)[]; readonly done: Promise<void> } {
  const run = new BatchRun(processor, batch, deadline);
  run.start(concurrency);
  return { outcomes: run.outcomes, done: run.done };
}

/**
 * What the lanes of one batch share. A lane is started only once the one before it waits for an
 * async call, while deliveries remain: synchronous deliveries all run in the first lane, and a
 * batch costs as many lanes as it keeps busy, not `concurrency`.
 */
class BatchRun implements Resolvers<void> {
  resolve!: Resolvers<void>['resolve'];
  reject!: Resolvers<void>['reject'];
  readonly done: Promise<void>;
  readonly outcomes: (Outcome | undefined)[];
  next = 0;
  /** Lanes started and not yet stopped. */
  private running = 0;

  constructor(readonly processor: DeliveryProcessor, readonly batch: readonly Delivery[], readonly deadline: AbortSignal) {
    this.outcomes = new Array(batch.length);
    this.done = promiseSettledBy(this);
  }

  /** Whether a lane may take the next delivery. */
  get open(): boolean {
    return this.next < this.batch.length && !this.deadline.aborted;
  }

  start(concurrency: number): void {
    for (let lanes = 0; lanes < concurrency && this.open; lanes++) {
      this.running++;
      new Lane(this).proceed();
    }
    if (this.running === 0) this.resolve();
  }

  /** A lane stopped: nothing is left for it. */
  stopped(): void {
    if (--this.running === 0) this.resolve();
  }
}

/**
 * One lane: processes deliveries one after the other, synchronously while they are synchronous.
 * Its callbacks are made once per lane, not once per delivery: an async delivery costs the
 * processor's suspended delivery and a reaction on its call's promise (and, for a first try the
 * processor made itself, an entry in the tries' timeout watch). When such a try runs out of time,
 * a new lane goes on with the delivery's retries, and this one ignores the try's late outcome.
 */
class Lane {
  /** The delivery the lane waits for, and its place in the batch. */
  private suspended: SuspendedDelivery | undefined;
  private waitingFor = -1;
  /** The timeout of the first try waited for, when the lane bounds it. */
  private timeout: TryTimeout | undefined;
  /** Gone on in another lane: the try it waited for ran out of time. */
  private abandoned = false;
  private readonly onResult = (result: unknown): void => this.continueWith(result, false);
  private readonly onFailure = (error: unknown): void => this.continueWith(error, true);

  constructor(private readonly run: BatchRun) {}

  /** Takes deliveries until one is suspended, the batch is done, or the deadline passed. */
  proceed(): void {
    const { run } = this;
    try {
      while (run.open) {
        const index = run.next++;
        const step = run.processor.process(run.batch[index] as Delivery);
        if (step instanceof SuspendedDelivery) {
          this.waitingFor = index;
          this.wait(step);
          return;
        }
        run.outcomes[index] = step;
      }
    } catch (error) {
      run.reject(error);
      return;
    }
    run.stopped();
  }

  private wait(suspended: SuspendedDelivery): void {
    this.suspended = suspended;
    if (suspended.bounded) this.timeout = new TryTimeout(this, suspended.bounded.watch);
    Promise.resolve(suspended.pending).then(this.onResult, this.onFailure);
  }

  /** The first try waited for ran out of time: a new lane waits for its retries. */
  timedOut(): void {
    this.abandoned = true;
    const next = new Lane(this.run);
    next.waitingFor = this.waitingFor;
    let step;
    try {
      step = this.run.processor.timedOut(this.suspended as SuspendedDelivery);
    } catch (error) {
      this.run.reject(error);
      return;
    }
    next.wait(step);
  }

  /** The call the lane waited for settled with `value` (`failed`: rejected): the delivery goes on. */
  private continueWith(value: unknown, failed: boolean): void {
    if (this.abandoned) return;
    if (this.timeout) {
      this.timeout.settled = true;
      this.timeout = undefined;
    }
    const { processor } = this.run;
    const suspended = this.suspended as SuspendedDelivery;
    let step;
    try {
      step = failed ? processor.failedCall(suspended, value) : processor.resume(suspended, value);
    } catch (error) {
      this.run.reject(error);
      return;
    }
    if (step instanceof SuspendedDelivery) {
      this.wait(step);
      return;
    }
    this.suspended = undefined;
    this.run.outcomes[this.waitingFor] = step;
    this.proceed();
  }
}

/** The entry of a first try in its tries' timeout watch: when due unsettled, its lane gives up on it. */
class TryTimeout implements Watched {
  readonly deadline: number;
  settled = false;

  constructor(private readonly lane: Lane, watch: TimeoutWatch) {
    this.deadline = watch.deadlineFromNow();
    watch.watch(this);
  }

  expire(): void {
    this.lane.timedOut();
  }
}

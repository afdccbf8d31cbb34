import type { Delivery } from '../backend/backend';
import { promiseSettledBy, type Resolvers } from '../internal/resolvers';
import { isThenable } from '../internal/thenable';
import type { DeliveryProcessor } from './delivery-processor';
import type { Outcome } from './failure-policy';

/**
 * Runs a batch's deliveries through the processor, up to `concurrency` at once, each lane taking
 * the next delivery when its last one is done; no lane starts a delivery once `deadline` is
 * aborted. Resolves once every lane stopped, with `outcomes[i]` set for each delivery done.
 */
export function runBatch(
  processor: DeliveryProcessor, batch: readonly Delivery[], concurrency: number, deadline: AbortSignal,
): { readonly outcomes: (Outcome | undefined)[]; readonly done: Promise<void> } {
  const run = new BatchRun(processor, batch, deadline);
  const lanes = Math.min(concurrency, batch.length);
  const done = lanes === 1 ? new Lane(run).done : Promise.all(Array.from({ length: lanes }, () => new Lane(run).done)).then(() => undefined);
  return { outcomes: run.outcomes, done };
}

/** What the lanes of one batch share. */
class BatchRun {
  readonly outcomes: (Outcome | undefined)[];
  next = 0;

  constructor(readonly processor: DeliveryProcessor, readonly batch: readonly Delivery[], readonly deadline: AbortSignal) {
    this.outcomes = new Array(batch.length);
  }
}

/**
 * One lane: processes deliveries one after the other, synchronously while they are synchronous.
 * Its callbacks are made once per lane, not once per delivery: an async delivery costs a reaction.
 */
class Lane implements Resolvers<void> {
  resolve!: Resolvers<void>['resolve'];
  reject!: Resolvers<void>['reject'];
  readonly done: Promise<void>;
  /** The delivery whose outcome the lane waits for. */
  private waitingFor = -1;
  private readonly onOutcome = (outcome: Outcome): void => {
    this.run.outcomes[this.waitingFor] = outcome;
    this.proceed();
  };
  private readonly onError = (error: unknown): void => this.reject(error);

  constructor(private readonly run: BatchRun) {
    this.done = promiseSettledBy(this);
    this.proceed();
  }

  private proceed(): void {
    const { run } = this;
    try {
      while (run.next < run.batch.length && !run.deadline.aborted) {
        const index = run.next++;
        const outcome = run.processor.process(run.batch[index] as Delivery);
        if (isThenable(outcome)) {
          this.waitingFor = index;
          outcome.then(this.onOutcome, this.onError);
          return;
        }
        run.outcomes[index] = outcome;
      }
    } catch (error) {
      this.reject(error);
      return;
    }
    this.resolve();
  }
}

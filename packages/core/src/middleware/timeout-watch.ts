/** One watched promise: when it is due, and how to fail it. */
class Watched {
  settled = false;
  reject: (error: Error) => void = noop;

  constructor(readonly deadline: number, readonly label: string, readonly onTimeout: ((error: Error) => void) | undefined) {}
}

const noop = (): void => undefined;
const MIN_COMPACT_AT = 1_024;

/**
 * Bounds many promises with one timer instead of one each: a sweep every `timeoutMs / 4` (at most
 * every second) fails those past their deadline, so a timeout fires at most a quarter of it (or a
 * second) late. The timer runs only while something is watched.
 *
 * Every promise gets the same timeout, so deadlines come in the order the promises do (on the
 * monotonic clock) and they wait in a queue, not a set: a settled entry is only marked, settled
 * entries leave from the head as new ones come, and the queue is compacted whenever it doubles
 * (a slow call at the head holds back the rest), so it holds about twice the calls in progress.
 */
export class TimeoutWatch {
  private queue: Watched[] = [];
  private head = 0;
  private compactAt = MIN_COMPACT_AT;
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  /** `timeoutError(label)` is the error of a promise watched with `label` that ran out of time. */
  constructor(private readonly timeoutMs: number, private readonly timeoutError: (label: string) => Error) {
    this.tickMs = Math.max(1, Math.min(1_000, Math.floor(timeoutMs / 4)));
  }

  /**
   * Settles like `promise`, or rejects with `timeoutError(label)` once `timeoutMs` have passed,
   * calling `onTimeout` with that error first.
   */
  watch<T>(promise: PromiseLike<T>, label: string, onTimeout?: (error: Error) => void): Promise<T> {
    // Whole milliseconds: a small integer is stored in the entry as is, a fraction would be boxed.
    const entry = new Watched(Math.ceil(performance.now()) + this.timeoutMs, label, onTimeout);
    const watched = new Promise<T>((resolve, reject) => {
      entry.reject = reject;
      promise.then(
        (value) => { entry.settled = true; resolve(value); },
        (error: unknown) => { entry.settled = true; reject(error); },
      );
    });
    this.dropSettled();
    this.queue.push(entry);
    if (this.queue.length - this.head > this.compactAt) this.compact();
    this.timer ??= setInterval(() => this.sweep(), this.tickMs);
    return watched;
  }

  private sweep(): void {
    const now = performance.now();
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head] as Watched;
      if (!entry.settled) {
        if (entry.deadline > now) break;
        entry.settled = true;
        const error = this.timeoutError(entry.label);
        entry.onTimeout?.(error);
        entry.reject(error);
      }
      this.head++;
    }
    this.dropSettled();
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Skips the settled entries at the head; lets go of the ones behind it now and then. */
  private dropSettled(): void {
    const { queue } = this;
    while (this.head < queue.length && (queue[this.head] as Watched).settled) this.head++;
    if (this.head > MIN_COMPACT_AT && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Keeps only the entries still in progress, in order. */
  private compact(): void {
    this.queue = this.queue.slice(this.head).filter((entry) => !entry.settled);
    this.head = 0;
    this.compactAt = Math.max(MIN_COMPACT_AT, 2 * this.queue.length);
  }
}

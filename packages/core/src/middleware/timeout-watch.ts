/** Something a {@link TimeoutWatch} bounds: when it is due, whether it is over, and how to end it. */
export interface Watched {
  /** When it is due, on the monotonic clock (`performance.now()`), in whole milliseconds. */
  readonly deadline: number;
  /** Set once it is over: the watch then lets go of it, and never expires it. */
  settled: boolean;
  /** Called once when the deadline passed and it was not settled (the watch has set `settled`). */
  expire(): void;
}

const MIN_COMPACT_AT = 1_024;

/**
 * Bounds many calls with one timer instead of one each: a sweep every `timeoutMs / 4` (at most
 * every second) expires those past their deadline, so a timeout fires at most a quarter of it (or
 * a second) late. The timer runs only while something is watched.
 *
 * Every entry gets the same timeout, so deadlines come in the order the entries do (on the
 * monotonic clock) and they wait in a queue, not a set: a settled entry is only marked, settled
 * entries leave from the head as new ones come, and the queue is compacted whenever it doubles
 * (a slow call at the head holds back the rest), so it holds about twice the calls in progress.
 * The entry is the caller's own object: watching allocates nothing per call.
 */
export class TimeoutWatch {
  private queue: Watched[] = [];
  private head = 0;
  private compactAt = MIN_COMPACT_AT;
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;
  private readonly onTick = (): void => this.sweep();

  constructor(readonly timeoutMs: number) {
    this.tickMs = Math.max(1, Math.min(1_000, Math.floor(timeoutMs / 4)));
  }

  /** The deadline of an entry watched from now. Whole milliseconds: a small integer is stored in an object as is, a fraction is boxed. */
  deadlineFromNow(): number {
    return Math.ceil(performance.now()) + this.timeoutMs;
  }

  /** Expires `entry` once its deadline passed, unless it is settled by then. */
  watch(entry: Watched): void {
    this.dropSettled();
    this.queue.push(entry);
    if (this.queue.length - this.head > this.compactAt) this.compact();
    this.timer ??= setInterval(this.onTick, this.tickMs);
  }

  private sweep(): void {
    const now = performance.now();
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head] as Watched;
      if (!entry.settled) {
        if (entry.deadline > now) break;
        entry.settled = true;
        entry.expire();
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

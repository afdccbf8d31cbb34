interface Watched {
  readonly deadline: number;
  readonly expire: () => void;
}

/**
 * Bounds many promises with one timer instead of one each: a sweep every `timeoutMs / 4` (at most
 * every second) fails those past their deadline, so a timeout fires at most a quarter of it (or a
 * second) late. The timer runs only while something is watched.
 */
export class TimeoutWatch {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(private readonly timeoutMs: number) {
    this.tickMs = Math.max(1, Math.min(1_000, Math.floor(timeoutMs / 4)));
  }

  /** Settles like `promise`, or rejects with `onTimeout()` once `timeoutMs` have passed. */
  watch<T>(promise: PromiseLike<T>, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Watched = { deadline: Date.now() + this.timeoutMs, expire: () => reject(onTimeout()) };
      this.watched.add(entry);
      this.timer ??= setInterval(() => this.sweep(), this.tickMs);
      promise.then(
        (value) => { this.watched.delete(entry); resolve(value); },
        (error: unknown) => { this.watched.delete(entry); reject(error); },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.watched) {
      if (entry.deadline > now) continue;
      this.watched.delete(entry);
      entry.expire();
    }
    if (this.watched.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

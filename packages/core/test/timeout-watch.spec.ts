import { TimeoutWatch, type Watched } from '../src/middleware/timeout-watch';

/** An entry that records when it expired, and resolves `expired` then. */
class Entry implements Watched {
  settled = false;
  expiredAt: number | undefined;
  readonly deadline: number;
  readonly expired: Promise<void>;
  private onExpired: () => void = () => undefined;

  constructor(watch: TimeoutWatch) {
    this.deadline = watch.deadlineFromNow();
    this.expired = new Promise((resolve) => { this.onExpired = resolve; });
    watch.watch(this);
  }

  expire(): void {
    this.expiredAt = performance.now();
    this.onExpired();
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TimeoutWatch', () => {
  it('never expires an entry settled in time', async () => {
    const watch = new TimeoutWatch(500);
    const settledInTime = new Entry(watch);
    await tick();
    settledInTime.settled = true;
    // A later entry keeps the timer running past the first one's deadline.
    const late = new Entry(watch);
    await late.expired;
    expect(settledInTime.expiredAt).toBeUndefined();
  });

  it('expires an entry once its deadline has passed, marking it settled', async () => {
    const watch = new TimeoutWatch(20);
    const started = performance.now();
    const entry = new Entry(watch);
    await entry.expired;
    expect(entry.settled).toBe(true);
    expect((entry.expiredAt as number) - started).toBeGreaterThanOrEqual(19);
  });

  it('expires an entry held at the head while thousands of later entries settle, and none of those', async () => {
    // Long enough for the quick entries to settle in time even on a loaded machine.
    const watch = new TimeoutWatch(1_500);
    const slow = new Entry(watch);
    const quick: Entry[] = [];
    for (let i = 0; i < 5_000; i++) {
      const entry = new Entry(watch);
      quick.push(entry);
      if (i % 100 === 0) await tick();
      entry.settled = true;
    }
    await slow.expired;
    expect(quick.filter((entry) => entry.expiredAt !== undefined)).toEqual([]);
  });

  it('expires only the entries that are due, after entries that settled and were swept', async () => {
    const watch = new TimeoutWatch(300);
    const first = new Entry(watch);
    first.settled = true;
    const hanging = [new Entry(watch), new Entry(watch)];
    const fine = new Entry(watch);
    await tick();
    fine.settled = true;
    await Promise.all(hanging.map((entry) => entry.expired));
    expect([first.expiredAt, fine.expiredAt]).toEqual([undefined, undefined]);
    expect(hanging.every((entry) => entry.settled)).toBe(true);
  });
});

import { TimeoutWatch } from '../src/middleware/timeout-watch';

class Expired extends Error {}

const watchFor = (timeoutMs: number): TimeoutWatch => new TimeoutWatch(timeoutMs, (label) => new Expired(label));

const never = (): Promise<never> => new Promise<never>(() => undefined);
const later = <T>(value: T): Promise<T> => new Promise((resolve) => setImmediate(() => resolve(value)));

describe('TimeoutWatch', () => {
  it('settles like the promise it watches when that settles in time', async () => {
    const watch = watchFor(1_000);
    await expect(watch.watch(later('value'), 'unused')).resolves.toBe('value');
    await expect(watch.watch(Promise.reject(new RangeError('own')), 'unused')).rejects.toThrow(RangeError);
  });

  it('rejects with the timeout error once the time has passed', async () => {
    const watch = watchFor(20);
    const started = performance.now();
    await expect(watch.watch(never(), 'too slow')).rejects.toThrow('too slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('times out a call held at the head while thousands of later calls settle, each with its own outcome', async () => {
    // Long enough for the quick calls to finish in time even on a loaded machine.
    const watch = watchFor(1_500);
    const slow = watch.watch(never(), 'slow');
    const quick = await Promise.all(Array.from({ length: 5_000 }, (_, i) => watch.watch(later(i), 'quick')));
    expect(quick).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    await expect(slow).rejects.toThrow('slow');
  });

  it('times out only the calls that are due, after calls that settled and were swept', async () => {
    const watch = watchFor(300);
    await watch.watch(later(1), 'unused');
    const hanging = [watch.watch(never(), 'first'), watch.watch(never(), 'second')];
    const fine = watch.watch(later('fine'), 'fine');
    await expect(fine).resolves.toBe('fine');
    await expect(Promise.allSettled(hanging)).resolves.toEqual([
      { status: 'rejected', reason: new Expired('first') },
      { status: 'rejected', reason: new Expired('second') },
    ]);
  });
});

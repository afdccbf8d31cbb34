import { BatchSize } from '../src/consumer/batch-size';

/** A BatchSize after reads of `sizes` that each came back full with a pull waiting for it. */
function grown(maxInFlight: number, sizes: readonly number[]): BatchSize {
  const size = new BatchSize(maxInFlight);
  for (const asked of sizes) {
    size.record(asked, asked);
    size.starved();
  }
  return size;
}

describe('BatchSize', () => {
  it('asks for one batch while events trickle in', () => {
    const size = new BatchSize(1_000);
    expect(size.next(100, 0, 0)).toBe(100);
    size.record(100, 30);
    size.starved();
    expect(size.next(100, 0, 0)).toBe(100);
  });

  it('doubles the read while reads come back full and pulls wait for them, within what maxInFlight leaves room for', () => {
    expect(grown(1_000, [100]).next(100, 100, 0)).toBe(200);
    expect(grown(1_000, [100, 200]).next(100, 100, 0)).toBe(400);
    const full = grown(1_000, [100, 200, 400, 800]);
    expect(full.next(100, 0, 0)).toBe(1_000);
    expect(full.next(100, 700, 0)).toBe(300);
  });

  it('keeps one batch while the reads come back before the pulls need them (slow handlers)', () => {
    const size = new BatchSize(1_000);
    size.record(100, 100);
    size.record(100, 100);
    expect(size.next(100, 100, 0)).toBe(100);
  });

  it('goes back to one batch once a read comes back less than half full', () => {
    const size = grown(1_000, [100, 200]);
    size.record(400, 150);
    size.starved();
    expect(size.next(100, 0, 0)).toBe(100);
  });

  it('keeps its size while reads come back at least half full', () => {
    const size = grown(1_000, [100]);
    size.record(200, 120);
    size.starved();
    expect(size.next(100, 0, 0)).toBe(200);
  });

  it('always fills a batch: the batch handled and one read ahead, even past maxInFlight', () => {
    const size = grown(150, [100]);
    expect(size.next(100, 100, 0)).toBe(100);
    expect(size.next(100, 120, 40)).toBe(60);
    expect(size.next(10, 0, 0)).toBe(150);
  });
});

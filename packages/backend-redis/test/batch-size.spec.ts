import { BatchSize } from '../src/consumer/batch-size';

describe('BatchSize', () => {
  it('asks for one batch while events trickle in', () => {
    const size = new BatchSize(1_000);
    expect(size.next(100, 0, 0)).toBe(100);
    size.record(100, 30);
    expect(size.next(100, 0, 0)).toBe(100);
  });

  it('doubles the read while reads come back full, within what maxInFlight leaves room for', () => {
    const size = new BatchSize(1_000);
    size.record(100, 100);
    expect(size.next(100, 100, 0)).toBe(200);
    size.record(200, 200);
    expect(size.next(100, 100, 0)).toBe(400);
    size.record(400, 400);
    size.record(800, 800);
    expect(size.next(100, 0, 0)).toBe(1_000);
    expect(size.next(100, 700, 0)).toBe(300);
  });

  it('goes back to one batch once a read comes back less than half full', () => {
    const size = new BatchSize(1_000);
    size.record(100, 100);
    size.record(200, 200);
    size.record(400, 150);
    expect(size.next(100, 0, 0)).toBe(100);
  });

  it('keeps its size while reads come back at least half full', () => {
    const size = new BatchSize(1_000);
    size.record(100, 100);
    size.record(200, 120);
    expect(size.next(100, 0, 0)).toBe(200);
  });

  it('always fills a batch: the batch handled and one read ahead, even past maxInFlight', () => {
    const size = new BatchSize(150);
    size.record(100, 100);
    expect(size.next(100, 100, 0)).toBe(100);
    expect(size.next(100, 120, 40)).toBe(60);
    expect(size.next(10, 0, 0)).toBe(150);
  });
});

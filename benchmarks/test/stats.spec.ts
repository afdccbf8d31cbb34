import { median, percentiles, quantile, spread } from '../src/lib/stats';

describe('stats', () => {
  it('takes quantiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('gives the median of unsorted values without reordering them', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
  });

  it('gives the median with the range of repeated measurements', () => {
    expect(spread([120, 100, 140, 90, 130])).toEqual({ median: 120, min: 90, max: 140 });
    expect(spread([]).median).toBeNaN();
  });

  it('gives p50, p90, p99 and max of unsorted samples', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    expect(percentiles(samples)).toEqual({ p50: 499, p90: 899, p99: 989, max: 999 });
    expect(percentiles(new Float64Array([2, 1])).max).toBe(2);
  });
});

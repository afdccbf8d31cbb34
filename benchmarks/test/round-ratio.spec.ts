import { withRoundRatio } from '../src/lib/round-ratio';
import type { Row } from '../src/model/results';

const row = (key: string, events: number[]): Row => ({
  key, label: key, values: { events: { median: events[1] as number, min: Math.min(...events), max: Math.max(...events) } }, samples: { events },
});

describe('withRoundRatio', () => {
  it('divides round by round and keeps the median and range of the ratios', () => {
    const ratioed = withRoundRatio(row('w3', [300, 240, 200]), row('w1', [100, 120, 50]), 'events', 'perWorker');
    expect(ratioed.samples.perWorker).toEqual([3, 2, 4]);
    expect(ratioed.values.perWorker).toEqual({ median: 3, min: 2, max: 4 });
    expect(ratioed.samples.events).toEqual([300, 240, 200]);
  });

  it('leaves the row as it is without a baseline', () => {
    const alone = row('w1', [100]);
    expect(withRoundRatio(alone, undefined, 'events', 'perWorker')).toBe(alone);
  });
});

import { silentLogger, type Logger } from '@necrostack/core';
import type { Database } from '../src/connection/database';
import { MetricsCounter } from '../src/metrics';
import { PostgresTables } from '../src/schema/postgres-tables';
import { DelayedPromoter } from '../src/delayed/delayed-promoter';

type Answer = { moved: number; next_in_ms: number | null } | Error | Promise<{ moved: number; next_in_ms: number | null }>;

/** A promoter on a stand-in for the database that answers `promote` from a script and notes when it was called. */
function promoterWith(answers: Answer[], options = { pollIntervalMs: 1_000, batchSize: 10 }, logger: Logger = silentLogger) {
  const calls: number[] = [];
  const db = {
    query: async () => {
      calls.push(Date.now());
      const answer = answers.shift() ?? { moved: 0, next_in_ms: null };
      if (answer instanceof Error) throw answer;
      return [await answer];
    },
  } as unknown as Database;
  const metrics = new MetricsCounter();
  const promoter = new DelayedPromoter(db, new PostgresTables('necrostack'), options, metrics, logger);
  return { promoter, calls, metrics };
}

describe('DelayedPromoter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('moves at start, then when the next event is due, and at once again after a full batch', async () => {
    const { promoter, calls, metrics } = promoterWith([{ moved: 3, next_in_ms: 200 }, { moved: 10, next_in_ms: 0 }, { moved: 4, next_in_ms: null }]);
    promoter.start();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(199);
    expect(calls.map((t) => t - 1_000_000)).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);
    await jest.advanceTimersByTimeAsync(5); // a full batch: the next call comes after the 5 ms gap
    expect(calls.map((t) => t - 1_000_000)).toEqual([0, 200, 205]);
    expect(metrics.delayedMoved).toBe(17);
    await promoter.stop();
  });

  it('moves earlier when told of an earlier due time, and at least every pollIntervalMs', async () => {
    const { promoter, calls } = promoterWith([{ moved: 0, next_in_ms: 5_000 }]);
    promoter.start();
    await jest.advanceTimersByTimeAsync(0);
    promoter.due(Date.now() + 300);
    await jest.advanceTimersByTimeAsync(300);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls.map((t) => t - 1_000_000)).toEqual([0, 300, 1_300]);
    await promoter.stop();
  });

  it('keeps a due time told while a move is in flight, and reads NaN as now', async () => {
    let answer!: (value: { moved: number; next_in_ms: number | null }) => void;
    const { promoter, calls } = promoterWith([new Promise((resolve) => { answer = resolve; })]);
    promoter.start();
    await jest.advanceTimersByTimeAsync(0); // the first move is in flight
    promoter.due(Number('not a time'));
    answer({ moved: 0, next_in_ms: null });
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(5);
    expect(calls.map((t) => t - 1_000_000)).toEqual([0, 5]);
    await promoter.stop();
  });

  it('logs one warning per streak of failures and tries again after pollIntervalMs', async () => {
    const warn = jest.fn();
    const info = jest.fn();
    const logger = { ...silentLogger, warn, info, child: () => logger } as Logger;
    const { promoter, calls } = promoterWith([new Error('down'), new Error('down'), { moved: 1, next_in_ms: null }], undefined, logger);
    promoter.start();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(calls.map((t) => t - 1_000_000)).toEqual([0, 1_000, 2_000]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith('Moving due delayed events again');
    await promoter.stop();
  });

  it('moves nothing once stopped', async () => {
    const { promoter, calls } = promoterWith([]);
    promoter.start();
    await jest.advanceTimersByTimeAsync(0);
    await promoter.stop();
    promoter.due(Date.now());
    await jest.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(1);
  });
});

import { fmt } from '../lib/format';
import { alternate } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { dispatchLatency } from '../memory/latency';

const RATE = 100_000;
const WARM_UP_SECONDS = 0.3;

export const LATENCY_METRICS = [
  { key: 'p50', label: 'p50', unit: 'ms', digits: 3, better: 'lower' },
  { key: 'p90', label: 'p90', unit: 'ms', digits: 3, better: 'lower' },
  { key: 'p99', label: 'p99', unit: 'ms', digits: 3, better: 'lower' },
  { key: 'max', label: 'max', unit: 'ms', digits: 3, better: 'lower' },
] as const;

/** Enqueue → handler start at a steady 100,000 events/s on the in-memory backend. */
export const latencyMemory: GroupRunner = {
  id: 'latency-memory',
  section: 'memory',
  describe: (sizes) => ({
    title: 'In memory: dispatch latency at 100,000 events/s',
    description:
      `A producer enqueues at a steady ${fmt(RATE)} events/s (in 1 ms slices) for ${sizes.memoryLatencySeconds} s into a Spine ` +
      'running forever; the time from enqueue to handler start, in ms. Percentiles are per run; the table shows ' +
      'their median over the rounds with the range.',
    metrics: [...LATENCY_METRICS, { key: 'achieved', label: 'achieved', unit: 'events/s', digits: 0, better: 'higher' }],
    ratios: [],
    chart: { kind: 'metrics', file: 'latency-memory.svg', metrics: LATENCY_METRICS.map((m) => m.key) },
  }),
  steps: (sizes) => sizes.rounds,
  async measure(context) {
    await dispatchLatency(RATE, WARM_UP_SECONDS);
    const seconds = context.sizes.memoryLatencySeconds;
    const contender = {
      key: 'necrostack',
      label: `NecroStack, ${fmt(RATE)} events/s`,
      async run() {
        const { achievedRate, ...rest } = await dispatchLatency(RATE, seconds);
        return { ...rest, achieved: achievedRate };
      },
    };
    return alternate(context, 'latency in memory', [contender], context.sizes.rounds, false);
  },
};

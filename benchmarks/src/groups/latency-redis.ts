import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { MIN_WARM_UP_EVENTS, redisLatency } from '../redis/latency';
import { LATENCY_METRICS } from './latency-memory';

export const RATES = [1_000, 5_000, 10_000, 20_000] as const;

const KINDS = [
  ['necrostack', 'NecroStack, single stream'],
  ['bullmq', 'BullMQ Worker (concurrency 50)'],
] as const;

function contenders(seconds: number, warmUpSeconds: number): Contender[] {
  return RATES.flatMap((rate) => KINDS.map(([kind, label]): Contender => ({
    key: kind,
    label,
    subgroup: `${fmt(rate)}/s`,
    async run() {
      const result = await redisLatency({ kind, rate, seconds, warmUpSeconds });
      return {
        p50: result.p50, p90: result.p90, p99: result.p99, max: result.max,
        achieved: result.achievedRate,
        handled: (100 * result.recorded) / result.expected,
      };
    },
  })));
}

/** Enqueue → handler at fixed rates, NecroStack over Redis vs BullMQ, worker in its own process. */
export const latencyRedis: GroupRunner = {
  id: 'latency',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Redis: latency from enqueue to handler at fixed rates',
    description:
      `The bench process sends at a steady ${RATES.map((r) => fmt(r)).join(', ')} events/s (in 1 ms slices) for ` +
      `a warm-up that is not recorded (${sizes.redisLatencyWarmupSeconds} s, and at least ${fmt(MIN_WARM_UP_EVENTS)} events) ` +
      `and ${sizes.redisLatencySeconds} s measured; ` +
      'the worker, in its own process and already waiting, records the time from send (in the payload) to handler start. ' +
      'NecroStack: a Spine with default options; BullMQ: a Worker at concurrency 50. A worker that falls behind gets a ' +
      'bounded time to drain; "handled" says how much of the measured load it handled within it, and the percentiles cover those events. ' +
      `Percentiles are per run; ${sizes.latencyRounds === 1 ? 'one run per rate in a quick run' : `median of ${sizes.latencyRounds} alternating runs, with the range`}.`,
    metrics: [
      ...LATENCY_METRICS,
      { key: 'achieved', label: 'achieved', unit: 'events/s', digits: 0, better: 'higher' },
      { key: 'handled', label: 'handled', unit: '%', digits: 1, better: 'higher' },
    ],
    ratios: [
      { metric: 'p50', baseline: 'bullmq', label: 'p50 × BullMQ' },
      { metric: 'p99', baseline: 'bullmq', label: 'p99 × BullMQ' },
    ],
    subgroupLabel: 'rate',
    chart: { kind: 'metrics', file: 'latency.svg', metrics: LATENCY_METRICS.map((m) => m.key) },
  }),
  steps: (sizes) => RATES.length * KINDS.length * sizes.latencyRounds,
  measure: (context) => alternate(
    context, 'latency', contenders(context.sizes.redisLatencySeconds, context.sizes.redisLatencyWarmupSeconds), context.sizes.latencyRounds, false,
  ),
};

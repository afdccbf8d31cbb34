import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { redisLatency } from '../redis/latency';
import { LATENCY_METRICS } from './latency-memory';

const RATE = 1_000;
const MAX_DELAY_MS = 1_000;

const KINDS = [
  ['necrostack', 'NecroStack, deliverAt (sorted set + promote script)'],
  ['bullmq', 'BullMQ delayed jobs (Worker, concurrency 50)'],
  ['necrostack-postgres', 'NecroStack on PostgreSQL, deliverAt (delayed table + promote function)'],
] as const;

function contenders(seconds: number, warmUpSeconds: number): Contender[] {
  return KINDS.map(([kind, label]): Contender => ({
    key: kind,
    label,
    async run() {
      const result = await redisLatency({ kind, rate: RATE, seconds, warmUpSeconds, maxDelayMs: MAX_DELAY_MS });
      return { p50: result.p50, p90: result.p90, p99: result.p99, max: result.max, handled: (100 * result.recorded) / result.expected };
    },
  }));
}

/** How late delayed events are handled (handler start − due time) at 1,000 events/s: NecroStack on Redis vs BullMQ, and on PostgreSQL. */
export const delayedRedis: GroupRunner = {
  id: 'delayed',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Redis and PostgreSQL: lateness of delayed events at 1,000 events/s',
    description:
      `The bench process sends ${fmt(RATE)} delayed events/s (in 1 ms slices), each due a random 0–${fmt(MAX_DELAY_MS)} ms later, ` +
      `for a warm-up that is not recorded (${sizes.redisLatencyWarmupSeconds} s) and ${sizes.redisLatencySeconds} s measured; ` +
      'the worker, in its own process, records handler start minus due time (lateness). NecroStack: `new Event(…, { deliverAt })`, ' +
      'a Spine with default options (the worker moves due events with the promote script on Redis, the promote function on ' +
      'PostgreSQL); BullMQ: `addBulk` with `delay`, a Worker ' +
      `at concurrency 50. ${sizes.latencyRounds === 1 ? 'One run in a quick run' : `Median of ${sizes.latencyRounds} alternating runs, with the range`}.`,
    metrics: [...LATENCY_METRICS, { key: 'handled', label: 'handled', unit: '%', digits: 1, better: 'higher' }],
    ratios: [
      { metric: 'p99', baseline: 'bullmq', label: 'p99 × BullMQ' },
      { metric: 'p99', baseline: 'necrostack', label: 'p99 × NecroStack on Redis' },
    ],
  }),
  steps: (sizes) => KINDS.length * sizes.latencyRounds,
  measure: (context) => alternate(
    context, 'delayed', contenders(context.sizes.redisLatencySeconds, context.sizes.redisLatencyWarmupSeconds), context.sizes.latencyRounds, false,
  ),
};

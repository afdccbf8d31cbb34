import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { MIN_WARM_UP_EVENTS, redisLatency } from '../redis/latency';
import { LATENCY_METRICS } from './latency-memory';

const RATE = 1_000;

const KINDS = [
  ['necrostack-postgres', 'NecroStack on PostgreSQL'],
  ['necrostack', 'NecroStack on Redis (single stream)'],
] as const;

function contenders(seconds: number, warmUpSeconds: number): Contender[] {
  return KINDS.map(([kind, label]): Contender => ({
    key: kind,
    label,
    async run() {
      const result = await redisLatency({ kind, rate: RATE, seconds, warmUpSeconds });
      return {
        p50: result.p50, p90: result.p90, p99: result.p99, max: result.max,
        achieved: result.achievedRate,
        handled: (100 * result.recorded) / result.expected,
      };
    },
  }));
}

/** Enqueue → handler at 1,000 events/s, NecroStack on PostgreSQL beside Redis, worker in its own process. */
export const latencyPostgres: GroupRunner = {
  id: 'latency-postgres',
  section: 'postgres',
  describe: (sizes) => ({
    title: `PostgreSQL: latency from enqueue to handler at ${fmt(RATE)} events/s, beside Redis`,
    description:
      `The bench process sends at a steady ${fmt(RATE)} events/s (in 1 ms slices, one \`enqueue\` per slice: one INSERT ` +
      `and one NOTIFY on PostgreSQL) for a warm-up that is not recorded (at least ${fmt(MIN_WARM_UP_EVENTS)} events) and ` +
      `${sizes.redisLatencySeconds} s measured; the worker, in its own process and already waiting (LISTEN on PostgreSQL, ` +
      'XREAD BLOCK on Redis), records the time from send (in the payload) to handler start. A Spine with default options on both.',
    metrics: [
      ...LATENCY_METRICS,
      { key: 'achieved', label: 'achieved', unit: 'events/s', digits: 0, better: 'higher' },
      { key: 'handled', label: 'handled', unit: '%', digits: 1, better: 'higher' },
    ],
    ratios: [{ metric: 'p99', baseline: 'necrostack', label: 'p99 × Redis backend' }],
    chart: { kind: 'metrics', file: 'latency-postgres.svg', metrics: LATENCY_METRICS.map((m) => m.key) },
  }),
  steps: (sizes) => KINDS.length * sizes.latencyRounds,
  measure: (context) => alternate(
    context, 'latency', contenders(context.sizes.redisLatencySeconds, context.sizes.redisLatencyWarmupSeconds), context.sizes.latencyRounds, false,
  ),
};

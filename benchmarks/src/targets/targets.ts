// The performance targets of the core and Redis issues, checked against a run's figures. They are
// not in DESIGN.md (which states the principles only); `source` says which issue set each.
import type { BenchResults, GroupResult, Spread, TargetResult } from '../model/results';
import { fmt } from '../lib/format';

const CORE = 'core issue (#2)';
const REDIS = 'Redis backend issue (#3)';
const PERF = 'performance issue (#19)';

/** A scenario the profiler can run to show where the time goes. */
export type ProfileScenario = 'chain' | 'dto' | 'latency-memory' | 'redis-throughput' | 'redis-latency';

interface Target {
  readonly id: string;
  readonly area: 'core' | 'redis';
  readonly text: string;
  readonly source: string;
  readonly profile?: ProfileScenario;
  /** The measured figure and whether it meets the target; undefined when the run lacks the figures. */
  evaluate(results: Pick<BenchResults, 'groups'>): { readonly measured: string; readonly met: boolean } | undefined;
}

function value(results: Pick<BenchResults, 'groups'>, group: string, row: string, metric: string, subgroup?: string): Spread | undefined {
  const found: GroupResult | undefined = results.groups.find((g) => g.id === group);
  const r = found?.rows.find((x) => x.key === row && (subgroup === undefined || x.subgroup === subgroup));
  const v = r?.values[metric];
  return v && Number.isFinite(v.median) ? v : undefined;
}

function ratioTarget(
  results: Pick<BenchResults, 'groups'>, group: string, row: string, baseline: string, metric: string, atLeast: number, name: string,
) {
  const [a, b] = [value(results, group, row, metric), value(results, group, baseline, metric)];
  if (!a || !b) return undefined;
  const r = a.median / b.median;
  return { measured: `${r.toFixed(2)}× ${name} (${fmt(a.median)} vs ${fmt(b.median)})`, met: r >= atLeast };
}

/** NecroStack's enqueue → handler latency percentile over Redis at 5,000 events/s, at most `limitMs`. */
function redisLatencyAt5k(results: Pick<BenchResults, 'groups'>, percentile: 'p50' | 'p99', limitMs: number) {
  const v = value(results, 'latency', 'necrostack', percentile, '5,000/s');
  return v && { measured: `${percentile} ${v.median.toFixed(3)} ms`, met: v.median <= limitMs };
}

/** A floor on the in-memory chain's handler calls/s for one of its rows. */
function chainCallsTarget(results: Pick<BenchResults, 'groups'>, row: string, min: number) {
  const v = value(results, 'throughput-memory', row, 'calls');
  return v && { measured: `${fmt(v.median)} handler calls/s (${fmt(v.min)}–${fmt(v.max)})`, met: v.median >= min };
}

export const TARGETS: readonly Target[] = [
  {
    id: 'core-chain', area: 'core', source: CORE, profile: 'chain',
    text: 'In memory, PING → Relay → PONG → Sink with default options: ≥ 500,000 handler calls/s',
    evaluate: (results) => chainCallsTarget(results, 'necrostack-c1', 500_000),
  },
  {
    id: 'perf-chain', area: 'core', source: PERF, profile: 'chain',
    text: 'In memory, PING → Relay → PONG → Sink with default options: ≥ 1,000,000 handler calls/s',
    evaluate: (results) => chainCallsTarget(results, 'necrostack-c1', 1_000_000),
  },
  {
    id: 'perf-chain-cqrs', area: 'core', source: PERF, profile: 'chain',
    text: 'In memory, the chain with default options: ≥ 4× @nestjs/cqrs',
    evaluate: (results) => ratioTarget(results, 'throughput-memory', 'necrostack-c1', 'nestjs-cqrs', 'calls', 4, '@nestjs/cqrs'),
  },
  {
    id: 'core-dto', area: 'core', source: CORE, profile: 'dto',
    text: 'An organ with a DTO: ≥ 0.8× bare plainToInstance + validateSync',
    evaluate: (results) => ratioTarget(results, 'dto', 'necrostack-dto', 'bare-validation', 'events', 0.8, 'bare validation'),
  },
  {
    id: 'perf-dto-chain', area: 'core', source: PERF,
    text: 'In memory, the chain with a two-property DTO on both organs: ≥ 500,000 handler calls/s',
    evaluate: (results) => chainCallsTarget(results, 'necrostack-dto-c1', 500_000),
  },
  {
    id: 'perf-dto-bare', area: 'core', source: PERF,
    text: 'In memory, the chain with DTOs: ≥ 4× bare plainToInstance + validateSync on the same payloads',
    evaluate: (results) => ratioTarget(results, 'throughput-memory', 'necrostack-dto-c1', 'bare-dto-validation', 'calls', 4, 'bare DTO validation'),
  },
  {
    id: 'core-latency', area: 'core', source: CORE, profile: 'latency-memory',
    text: 'In memory, dispatch latency at 100,000 events/s: p99 < 1 ms',
    evaluate(results) {
      const p99 = value(results, 'latency-memory', 'necrostack', 'p99');
      const achieved = value(results, 'latency-memory', 'necrostack', 'achieved');
      return p99 && { measured: `p99 ${p99.median.toFixed(3)} ms at ${fmt(achieved?.median ?? NaN)} events/s achieved`, met: p99.median < 1 };
    },
  },
  {
    id: 'core-memory', area: 'core', source: CORE,
    text: 'Memory flat over a long run: heap after GC at the end within 10% (+1 MB) of the heap after warm-up',
    evaluate(results) {
      const [before, after] = [value(results, 'soak', 'necrostack', 'heapBefore'), value(results, 'soak', 'necrostack', 'heapAfter')];
      if (!before || !after) return undefined;
      const events = value(results, 'soak', 'necrostack', 'events');
      return {
        measured: `${before.median.toFixed(1)} MB → ${after.median.toFixed(1)} MB over ${fmt(events?.median ?? NaN)} input events`,
        met: after.median <= before.median * 1.1 + 1,
      };
    },
  },
  {
    id: 'redis-bare', area: 'redis', source: REDIS, profile: 'redis-throughput',
    text: 'Redis, single stream, 1 worker process: ≥ 0.8× the bare node-redis loop (events/s end to end)',
    evaluate: (results) => ratioTarget(results, 'throughput-redis', 'necrostack-single-1', 'bare-loop', 'events', 0.8, 'bare loop'),
  },
  {
    id: 'redis-bullmq', area: 'redis', source: REDIS, profile: 'redis-throughput',
    text: 'Redis, single stream, 1 worker process: ≥ 3× BullMQ at concurrency 50 (events/s end to end)',
    evaluate: (results) => ratioTarget(results, 'throughput-redis', 'necrostack-single-1', 'bullmq', 'events', 3, 'BullMQ'),
  },
  {
    id: 'perf-redis-bare', area: 'redis', source: PERF, profile: 'redis-throughput',
    text: 'Redis, single stream, 1 worker process: ≥ 1.3× the bare node-redis loop (events/s end to end)',
    evaluate: (results) => ratioTarget(results, 'throughput-redis', 'necrostack-single-1', 'bare-loop', 'events', 1.3, 'bare loop'),
  },
  {
    id: 'perf-redis-bullmq', area: 'redis', source: PERF, profile: 'redis-throughput',
    text: 'Redis, single stream, 1 worker process: ≥ 5× BullMQ at concurrency 50 (events/s end to end)',
    evaluate: (results) => ratioTarget(results, 'throughput-redis', 'necrostack-single-1', 'bullmq', 'events', 5, 'BullMQ'),
  },
  {
    id: 'perf-redis-dto', area: 'redis', source: PERF, profile: 'redis-throughput',
    text: 'Redis, single stream, 1 worker process, a two-property DTO on the organ: ≥ 0.9× the same without DTO',
    evaluate: (results) => ratioTarget(results, 'throughput-redis', 'necrostack-single-dto-1', 'necrostack-single-1', 'events', 0.9, 'no DTO'),
  },
  {
    id: 'perf-redis-two-workers', area: 'redis', source: PERF,
    text: 'Redis, single stream: 2 worker processes ≥ 1.5× 1 worker process (events/s end to end; 2 cores shared with Redis and the producer)',
    evaluate: (results) => ratioTarget(results, 'throughput-redis', 'necrostack-single-2', 'necrostack-single-1', 'events', 1.5, '1 process'),
  },
  {
    id: 'perf-redis-p99', area: 'redis', source: PERF, profile: 'redis-latency',
    text: 'Redis, enqueue → handler at 10,000 events/s, worker in its own process: p99 ≤ 5 ms',
    evaluate(results) {
      const v = value(results, 'latency', 'necrostack', 'p99', '10,000/s');
      return v && { measured: `p99 ${v.median.toFixed(3)} ms`, met: v.median <= 5 };
    },
  },
  {
    id: 'redis-p50', area: 'redis', source: REDIS, profile: 'redis-latency',
    text: 'Redis, enqueue → handler at 5,000 events/s, worker in its own process: p50 ≤ 1 ms',
    evaluate: (results) => redisLatencyAt5k(results, 'p50', 1),
  },
  {
    id: 'redis-p99', area: 'redis', source: REDIS, profile: 'redis-latency',
    text: 'Redis, enqueue → handler at 5,000 events/s, worker in its own process: p99 ≤ 5 ms',
    evaluate: (results) => redisLatencyAt5k(results, 'p99', 5),
  },
];

/** Every target, met or not, from the figures of `results`. */
export function evaluateTargets(results: Pick<BenchResults, 'groups'>): TargetResult[] {
  return TARGETS.map((target) => {
    const outcome = target.evaluate(results);
    return {
      id: target.id,
      area: target.area,
      text: target.text,
      source: target.source,
      measured: outcome?.measured ?? '–',
      status: outcome === undefined ? 'not measured' : outcome.met ? 'met' : 'not met',
      ...(target.profile ? { profile: target.profile } : {}),
    };
  });
}

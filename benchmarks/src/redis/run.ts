import { cpus, totalmem } from 'node:os';
import { fmt, printTable, progress, progressDone } from '../lib/report';
import { spread, type Spread } from '../lib/stats';
import { necrostackEndToEnd } from './e2e-necrostack';
import { bareStreamLoop, bullmqEndToEnd } from './e2e-peers';
import { necrostackLatency } from './latency';
import type { RedisRun } from './redis-info';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 20_000 : 100_000;
const ROUNDS = quick ? 1 : 3;

type Scenario = readonly [name: string, run: () => Promise<RedisRun>];
const scenarios: Scenario[] = [
  ['NecroStack, single stream', () => necrostackEndToEnd(EVENTS, 'single')],
  ['NecroStack, stream per type', () => necrostackEndToEnd(EVENTS, 'per-type')],
  ['bare node-redis loop', () => bareStreamLoop(EVENTS)],
  ['BullMQ (Worker concurrency 50)', () => bullmqEndToEnd(EVENTS)],
];

async function main(): Promise<void> {
  console.log(`NecroStack Redis benchmark — Node ${process.version}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Redis at ${process.env.REDIS_URL ?? '127.0.0.1:6379'}`);
  console.log(`Command: npm run bench:redis${quick ? ' -- --quick' : ''}; ${ROUNDS} alternating rounds after a warm-up, medians\n`);
  const rates = scenarios.map(() => [] as number[]);
  const cpu = scenarios.map(() => [] as number[]);
  for (const [, run] of scenarios) await run();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, [name, run]] of scenarios.entries()) {
      progress(`round ${round}/${ROUNDS}: ${name}`);
      const result = await run();
      rates[i]!.push(result.eventsPerSecond);
      cpu[i]!.push(result.redisCpuMicrosPerEvent);
    }
  }
  progressDone();
  const results: Spread[] = rates.map(spread);
  const bare = results[2]!.median;
  const bull = results[3]!.median;
  console.log(`1. End to end: ${fmt(EVENTS)} events enqueued in batches of 1,000, handled by a no-op consumer, acked`);
  printTable([
    ['scenario', 'median events/s', 'min–max', '× bare loop', '× BullMQ', 'Redis CPU µs/event'],
    ...scenarios.map(([name], i) => {
      const r = results[i]!;
      return [name, fmt(r.median), `${fmt(r.min)}–${fmt(r.max)}`, (r.median / bare).toFixed(2), (r.median / bull).toFixed(2), spread(cpu[i]!).median.toFixed(1)];
    }),
  ]);
  console.log('\n2. Latency, enqueue → handler, steady 5,000 events/s for 5 s, worker in its own process');
  progress('latency: running');
  const latency = await necrostackLatency(5_000, quick ? 2 : 5);
  progressDone();
  printTable([
    ['scenario', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    ['NecroStack, single stream', latency.p50.toFixed(3), latency.p90.toFixed(3), latency.p99.toFixed(3), latency.max.toFixed(3)],
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

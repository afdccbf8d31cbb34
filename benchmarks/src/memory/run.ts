import { cpus, totalmem } from 'node:os';
import { fmt, printTable, progress, progressDone } from '../lib/report';
import { spread, type Spread } from '../lib/stats';
import { necrostackChain } from './chain-necrostack';
import { nestCqrsChain } from './chain-nest-cqrs';
import { bareLoop, eventEmitterChain } from './chain-peers';
import { bareValidation, dtoOrgan } from './dto-organ';
import { dispatchLatency } from './latency';
import { soak } from './soak';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const INPUTS = quick ? 20_000 : 200_000;
const ROUNDS = quick ? 2 : 5;
const SOAK_EVENTS = quick ? 500_000 : 10_000_000;

type Scenario = readonly [name: string, run: () => Promise<number>];

const throughput: Scenario[] = [
  ['NecroStack (default options)', () => necrostackChain(INPUTS)],
  ['NecroStack (concurrency 64)', () => necrostackChain(INPUTS, { concurrency: 64 })],
  ['@nestjs/cqrs EventBus', () => nestCqrsChain(INPUTS)],
  ['Node EventEmitter (sync)', () => eventEmitterChain(INPUTS)],
  ['bare await loop (parse + re-enqueue)', () => bareLoop(INPUTS)],
];
const validation: Scenario[] = [
  ['NecroStack organ with OrderDto', () => dtoOrgan(INPUTS / 2)],
  ['bare plainToInstance + validateSync', () => bareValidation(INPUTS / 2)],
];

/** Runs the scenarios in alternation, `ROUNDS` times after a warm-up, and keeps every rate. */
async function measure(scenarios: readonly Scenario[], label: string): Promise<Spread[]> {
  const rates = scenarios.map(() => [] as number[]);
  for (const [, run] of scenarios) await run();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, [name, run]] of scenarios.entries()) {
      progress(`${label}: round ${round}/${ROUNDS} ${name}`);
      rates[i]!.push(await run());
    }
  }
  progressDone();
  return rates.map(spread);
}

function rateTable(scenarios: readonly Scenario[], results: readonly Spread[], baseline: number, unit: string): void {
  const base = results[baseline]!.median;
  printTable([
    ['scenario', `median ${unit}`, 'min–max', `× ${scenarios[baseline]![0]}`],
    ...scenarios.map(([name], i) => {
      const r = results[i]!;
      return [name, fmt(r.median), `${fmt(r.min)}–${fmt(r.max)}`, (r.median / base).toFixed(2)];
    }),
  ]);
}

async function main(): Promise<void> {
  console.log(`NecroStack in-memory benchmark — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`Command: npm run bench:memory${quick ? ' -- --quick' : ''}; ${ROUNDS} alternating rounds after a warm-up, medians\n`);

  console.log(`1. Handler calls/s, PING → Relay → PONG → Sink, ${fmt(INPUTS)} input events`);
  rateTable(throughput, await measure(throughput, 'chain'), 0, 'calls/s');

  console.log(`\n2. One organ with a class-validator DTO (6 properties), ${fmt(INPUTS / 2)} events`);
  rateTable(validation, await measure(validation, 'dto'), 1, 'events/s');

  console.log('\n3. Dispatch latency, enqueue → handler, steady 100,000 events/s for 5 s');
  progress('latency: running');
  const latency = await dispatchLatency(100_000, quick ? 1 : 5);
  progressDone();
  printTable([
    ['achieved events/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    [fmt(latency.achievedRate), latency.p50.toFixed(3), latency.p90.toFixed(3), latency.p99.toFixed(3), latency.max.toFixed(3)],
  ]);

  console.log(`\n4. Memory over ${fmt(SOAK_EVENTS)} input events (${fmt(SOAK_EVENTS * 2)} handler calls), heap after GC`);
  const result = await soak(SOAK_EVENTS);
  printTable([
    ['events', 'heap before MB', 'heap after MB', 'RSS after MB', 'seconds'],
    [fmt(result.events), result.heapBeforeMb.toFixed(1), result.heapAfterMb.toFixed(1), result.rssAfterMb.toFixed(1), result.seconds.toFixed(1)],
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

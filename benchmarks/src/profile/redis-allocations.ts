// `npm run bench:allocations [-- <events> <rounds>]`: the JS heap bytes and the CPU time a worker
// process spends per delivery, NecroStack (single stream, with and without a DTO, and its backend
// alone without the Spine, which splits the cost between the two) beside the bare node-redis loop,
// in alternation. Each worker samples its own allocations from ready to stop with
// V8's sampling heap profiler (freed objects included: see lib/allocations).
import { fmt } from '../lib/format';
import { killAll } from '../lib/child';
import { median } from '../lib/stats';
import { textTable } from '../lib/table';
import { bareWorker, necrostackWorkers } from '../redis/e2e-workers';
import { REDIS_URL, deleteCreatedKeys, type RedisRun } from '../redis/redis-info';

const [events = 100_000, rounds = 3] = process.argv.slice(2).map(Number);

const CONTENDERS: readonly [string, () => Promise<RedisRun>][] = [
  ['NecroStack, single stream, 1 worker process', () => necrostackWorkers(events, 'single', 1, { sampleAllocations: true })],
  ['NecroStack, single stream, DTO on the organ, 1 worker process', () => necrostackWorkers(events, 'single', 1, { sampleAllocations: true, dto: true })],
  ['NecroStack backend alone (pull and ack, no Spine), 1 worker process', () => necrostackWorkers(events, 'single', 1, { sampleAllocations: true, loop: 'backend' })],
  ['bare node-redis loop, 1 worker process', () => bareWorker(events, { sampleAllocations: true })],
];

async function main(): Promise<void> {
  console.log(`${fmt(events)} events per run, ${rounds} rounds in alternation after a warm-up, Redis at ${REDIS_URL}`);
  const runs = CONTENDERS.map((): RedisRun[] => []);
  for (let round = 0; round <= rounds; round++) {
    for (const [i, [, run]] of CONTENDERS.entries()) {
      const result = await run();
      if (round > 0) runs[i]!.push(result);
    }
  }
  const of = (list: readonly RedisRun[], pick: (r: RedisRun) => number | undefined): number => median(list.map((r) => pick(r) ?? NaN));
  const rows = CONTENDERS.map(([label], i) => [
    label,
    fmt(of(runs[i]!, (r) => r.workerBytesPerEvent)),
    fmt(of(runs[i]!, (r) => r.workerCpuMicrosPerEvent), 1),
    fmt(of(runs[i]!, (r) => r.eventsPerSecond)),
  ]);
  console.log(textTable([['scenario', 'worker heap allocated (bytes/event)', 'worker CPU (µs/event)', 'events/s'], ...rows]));
}

main().then(
  () => deleteCreatedKeys(),
  async (error: unknown) => { console.error(error); killAll(); await deleteCreatedKeys(); process.exitCode = 1; },
);

// `npm run bench:compare -w @necrostack/benchmarks -- <other checkout> [events] [rounds]`: this
// checkout beside another (an earlier commit in a git worktree, built: `git worktree add ../base
// <commit> && cd ../base && npm ci && npm run build && npx tsc -b benchmarks`), in alternation in
// one run so that both meet the same load: the in-memory chain (handler calls/s) and the Redis
// single stream with one worker process (events/s, worker CPU per event), with the bare node-redis
// loop beside them as the yardstick. Each checkout runs its own code: its worker processes are
// forked from its own benchmarks/dist.
import { join, resolve } from 'node:path';
import { fmt } from '../lib/format';
import { killAll } from '../lib/child';
import { median } from '../lib/stats';
import { textTable } from '../lib/table';
import { bareWorker } from '../redis/e2e-workers';
import { REDIS_URL, deleteCreatedKeys, type RedisRun } from '../redis/redis-info';
import { DIST_DIR } from '../paths';

interface Checkout {
  readonly dir: string;
  readonly chain: (inputs: number) => Promise<number>;
  readonly redis: (events: number) => Promise<RedisRun>;
}

/** The scenario functions of the checkout whose benchmarks/dist is `dist`. */
function load(dir: string, dist: string): Checkout {
  const { necrostackChain } = require(join(dist, 'memory', 'chain-necrostack.js')) as { necrostackChain: Checkout['chain'] };
  const { necrostackWorkers } = require(join(dist, 'redis', 'e2e-workers.js')) as {
    necrostackWorkers: (events: number, layout: 'single', workers: number) => Promise<RedisRun>;
  };
  return { dir, chain: necrostackChain, redis: (events) => necrostackWorkers(events, 'single', 1) };
}

const [otherDir, eventsArg, roundsArg] = process.argv.slice(2);
const events = Number(eventsArg ?? 100_000);
const rounds = Number(roundsArg ?? 5);
const CHAIN_INPUTS = 50_000;

async function main(): Promise<void> {
  if (otherDir === undefined) throw new Error('usage: npm run bench:compare -w @necrostack/benchmarks -- <other checkout> [events] [rounds]');
  const checkouts = [load('this checkout', DIST_DIR), load(resolve(otherDir), join(resolve(otherDir), 'benchmarks', 'dist'))];
  console.log(`${fmt(events)} events per Redis run, ${fmt(CHAIN_INPUTS)} chain inputs, ${rounds} rounds in alternation after a warm-up, Redis at ${REDIS_URL}`);
  const chain = checkouts.map((): number[] => []);
  const redis = checkouts.map((): RedisRun[] => []);
  const bare: RedisRun[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const [i, checkout] of checkouts.entries()) {
      const calls = await checkout.chain(CHAIN_INPUTS);
      const run = await checkout.redis(events);
      if (round > 0) {
        chain[i]!.push(calls);
        redis[i]!.push(run);
      }
    }
    const yardstick = await bareWorker(events);
    if (round > 0) bare.push(yardstick);
    process.stderr.write(`round ${round}/${rounds} done\n`);
  }
  const eventsPerSecond = (runs: readonly RedisRun[]) => median(runs.map((r) => r.eventsPerSecond));
  const cpu = (runs: readonly RedisRun[]) => median(runs.map((r) => r.workerCpuMicrosPerEvent ?? NaN));
  const bareRate = eventsPerSecond(bare);
  const rows = checkouts.map((checkout, i) => [
    checkout.dir,
    fmt(median(chain[i]!)),
    fmt(eventsPerSecond(redis[i]!)),
    `${(eventsPerSecond(redis[i]!) / bareRate).toFixed(2)}×`,
    fmt(cpu(redis[i]!), 1),
  ]);
  rows.push(['bare node-redis loop', '–', fmt(bareRate), '1.00×', fmt(cpu(bare), 1)]);
  console.log(textTable([['checkout', 'chain, handler calls/s', 'Redis, events/s', '× bare loop', 'worker CPU (µs/event)'], ...rows]));
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`this checkout × the other: chain ${ratio(median(chain[0]!), median(chain[1]!))}, Redis ${ratio(eventsPerSecond(redis[0]!), eventsPerSecond(redis[1]!))} (medians)`);
}

main().then(
  () => deleteCreatedKeys(),
  async (error: unknown) => { console.error(error); killAll(); await deleteCreatedKeys(); process.exitCode = 1; },
);

'use strict';
// One chaos run: the backend under test (a private Redis, or a schema of its own on PostgreSQL),
// N `necro worker` processes, a paced stream of numbered events with planted poison, seeded faults
// while they are handled; then drain, count, and report.
const { randomUUID } = require('node:crypto');
const { createAdminClient } = require('./admin-client');
const { check } = require('./checker');
const { waitDrained } = require('./drain');
const { injectFault } = require('./fault-injector');
const { planFaults } = require('./fault-plan');
const { Mutex } = require('./mutex');
const { PrivateRedis } = require('./private-redis');
const { publishEvents } = require('./publisher');
const { seededRandom } = require('./seeded-random');
const { openTarget } = require('./targets/target');
const { sleep } = require('./wait');
const { WorkerPool } = require('./worker-pool');

const GROUPS = ['ChaosIngest', 'ChaosSettle']; // the organs of fixtures/chaos.organ.js

/**
 * @param {import('./options').ChaosOptions} options
 * @param {(line: string) => void} [progress] one line per step, for a human watching
 * @returns {Promise<import('./report').ChaosReport>}
 */
async function runChaos(options, progress = () => undefined) {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const poison = new Set(random.shuffle(Array.from({ length: options.events }, (_, n) => n)).slice(0, options.poison));
  const plan = planFaults({ count: options.faults, workers: options.workers, claimMinIdleMs: options.claimMinIdleMs, gapMs: options.gapMs, random, kinds: options.kinds });
  const run = `chaos:${randomUUID().slice(0, 8)}`;

  const target = await openTarget(options.backend, run);
  progress(target.where);
  // The organs record their handlings in a Redis of their own, which no fault touches: a Redis out of
  // memory refuses the backend's writes, never the harness's bookkeeping.
  const records = await PrivateRedis.start().catch(async (error) => {
    await target.destroy();
    throw error;
  });
  progress(`record store: redis-server pid ${records.pid} on ${records.url}`);
  const recorder = createAdminClient(records.url);
  const pool = new WorkerPool({
    count: options.workers, backendArgs: (worker) => target.workerArgs(worker), recordUrl: records.url, recordPrefix: run,
    claimMinIdleMs: options.claimMinIdleMs, concurrency: options.concurrency, workMs: options.workMs,
  });
  try {
    await recorder.connect();
    await pool.startAll();
    progress(`${options.workers} workers started (pids ${pool.workers.map((w) => w.child?.pid).join(', ')}); ` +
      `publishing ${options.events} events over ~${Math.round(plan.estimatedMs / 1000)} s with ${options.faults} faults`);

    const mutex = new Mutex();
    // The crash-poison faults publish their bursts numbered after the published events.
    const crash = { claimMinIdleMs: options.claimMinIdleMs, planted: [], next: options.events };
    let failed = false;
    const publishing = publishEvents({
      target, total: options.events, poison, spreadMs: plan.estimatedMs,
      mutex, isCancelled: () => failed,
    }).catch((error) => { failed = true; throw error; });
    const injecting = injectAll(plan.faults, { pool, target, mutex, random, crash }, started, progress, () => failed)
      .catch((error) => { failed = true; throw error; });
    // Both settle before the cleanup below, so no fault is injected into a torn-down run.
    const [publishResult, faultResult] = await Promise.allSettled([publishing, injecting]);
    if (publishResult.status === 'rejected') throw publishResult.reason;
    if (faultResult.status === 'rejected') throw faultResult.reason;
    const [published, faults] = [publishResult.value, faultResult.value];
    await pool.restartCrashed();
    progress(`published ${published}; faults done; waiting for the consumer groups to drain`);

    const drain = await waitDrained({ target, organs: GROUPS, timeoutMs: options.drainTimeoutMs });
    const checked = await check({
      target, records: recorder, recordPrefix: run, total: crash.next, poison: new Set([...poison, ...crash.planted]),
    });
    const workerExits = await pool.stopAll();
    return {
      options, seed: options.seed, durationMs: Date.now() - started, faults, drain, check: checked, workerExits,
      crashes: pool.crashes, crashPoison: crash.planted.length, poisonExits: pool.poisonExits.length,
    };
  } finally {
    await pool.stopAll().catch(() => undefined);
    recorder.destroy();
    await target.destroy();
    await records.destroy();
  }
}

/** Runs the plan, one fault at a time, each after its pause; a crashed worker is started again before the next. */
async function injectAll(planned, ctx, runStart, progress, isCancelled) {
  const done = [];
  for (const fault of planned) {
    if (isCancelled()) break;
    await sleep(fault.gapMs);
    await ctx.pool.restartCrashed();
    const injected = await injectFault(fault, ctx, runStart);
    progress(`fault ${done.length + 1}/${planned.length} at ${(injected.atMs / 1000).toFixed(1)} s: ${injected.kind} ${injected.target} (${injected.ms} ms)`);
    done.push(injected);
  }
  return done;
}

module.exports = { runChaos };

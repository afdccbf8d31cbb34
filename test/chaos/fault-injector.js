'use strict';
// Carries out one planned fault on the running system and says what it did.
const { crashPoison } = require('./crash-poison');
const { sleep } = require('./wait');

/**
 * @typedef {object} FaultContext
 * @property {import('./worker-pool').WorkerPool} pool
 * @property {import('./targets/target').ChaosTarget} target  the backend under test
 * @property {import('./mutex').Mutex} mutex            held while Redis restarts, so no publish batch is cut
 * @property {import('./seeded-random').Random} random
 * @property {{ claimMinIdleMs: number, planted: number[], next: number }} crash
 *   where crash-poison bursts go: `next` is the first free event number, `planted` the crash-poison ones so far
 */

/**
 * @typedef {object} InjectedFault
 * @property {string} kind
 * @property {string} target   a worker, `redis`, or the connections cut
 * @property {number} atMs     when it started, from the start of the run
 * @property {number} ms       how long it lasted (until the system was whole again)
 */

/**
 * @param {import('./fault-plan').PlannedFault} fault @param {FaultContext} ctx @param {number} runStart
 * @returns {Promise<InjectedFault>}
 */
async function injectFault(fault, ctx, runStart) {
  const started = Date.now();
  const target = await ACTIONS[fault.kind](fault, ctx);
  return { kind: fault.kind, target, atMs: started - runStart, ms: Date.now() - started };
}

/** @type {Record<import('./fault-plan').FaultKind, (fault: import('./fault-plan').PlannedFault, ctx: FaultContext) => Promise<string>>} */
const ACTIONS = {
  /** SIGKILL: in-flight deliveries stay pending until another worker claims them. */
  async 'worker-kill'(fault, { pool }) {
    const worker = byName(pool, fault.worker);
    await pool.kill(worker);
    await sleep(fault.durationMs);
    await pool.start(worker);
    return worker.name;
  },

  /** SIGSTOP longer than claimMinIdleMs, then SIGCONT: the stalled worker wakes up to find its deliveries taken. */
  async 'worker-stall'(fault, { pool }) {
    const worker = byName(pool, fault.worker);
    if (pool.pause(worker)) {
      await sleep(fault.durationMs);
      pool.resume(worker);
    }
    return worker.name;
  },

  /** Graceful restart (SIGTERM by pid; the append-only file keeps the data) on the same port and directory. */
  async 'redis-restart'(fault, { target, mutex }) {
    await mutex.run(() => redisOnly(target, 'restart')(fault.durationMs));
    return 'redis';
  },

  /**
   * One, or all, of the workers' connections cut (never the harness's or the recorders'): CLIENT
   * KILL ID on Redis, pg_terminate_backend on PostgreSQL.
   */
  async 'connection-kill'(fault, { target, random }) {
    return `${await target.killConnections(fault.scope, random)} connection(s)`;
  },

  /**
   * Redis out of memory (noeviction): CONFIG SET maxmemory 1, then back to 0. Writes that need memory
   * (XADD, the dead-letter script, the organs' records) are refused meanwhile; reads and acks are not.
   * The publisher waits (mutex), so no batch of the harness is refused.
   */
  async 'redis-oom'(fault, { target, mutex }) {
    await mutex.run(() => redisOnly(target, 'outOfMemory')(fault.durationMs));
    return 'redis';
  },

  /**
   * A burst of events with one in its middle that makes the worker handling it exit(1), until it is
   * dead-lettered; crashed workers are restarted.
   */
  async 'crash-poison'(_fault, { target, pool, crash }) {
    const timeoutMs = 6 * (crash.claimMinIdleMs + 5_000);
    const burst = await crashPoison({ target, pool, first: crash.next, timeoutMs });
    crash.next = burst.next;
    crash.planted.push(burst.poison);
    return `event ${burst.poison}, ${burst.exits} worker exit(s)${burst.deadLettered ? '' : `, not dead-lettered within ${timeoutMs} ms`}`;
  },
};

function byName(pool, name) {
  const worker = pool.workers.find((w) => w.name === name);
  if (!worker) throw new Error(`no worker ${name}`);
  return worker;
}

/** The target's Redis-only fault, bound; options.js lets such a kind run on Redis only. */
function redisOnly(target, method) {
  const fault = target[method];
  if (!fault) throw new Error(`${target.name} has no ${method} fault`);
  return fault.bind(target);
}

module.exports = { injectFault };

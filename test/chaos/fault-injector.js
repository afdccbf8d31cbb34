'use strict';
// Carries out one planned fault on the running system and says what it did.
const { crashPoison } = require('./crash-poison');
const { sleep, withTimeout } = require('./wait');

const ADMIN_TIMEOUT_MS = 10_000;

/**
 * @typedef {object} FaultContext
 * @property {import('./worker-pool').WorkerPool} pool
 * @property {import('./private-redis').PrivateRedis} redis
 * @property {import('./admin-client').AdminClient} admin   the harness's own connection (named chaos-harness)
 * @property {import('./mutex').Mutex} mutex            held while Redis restarts, so no publish batch is cut
 * @property {import('./seeded-random').Random} random
 * @property {{ stream: string, dlq: string, claimMinIdleMs: number, planted: number[], next: number }} crash
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
  async 'redis-restart'(fault, { redis, mutex }) {
    await mutex.run(() => redis.restart(fault.durationMs));
    return 'redis';
  },

  /** CLIENT KILL ID on one, or all, of the workers' connections (never the harness's or the recorders'). */
  async 'connection-kill'(fault, { admin, random }) {
    const list = String(await withTimeout(admin.sendCommand(['CLIENT', 'LIST', 'TYPE', 'normal']), ADMIN_TIMEOUT_MS, 'CLIENT LIST'));
    const ids = list.split('\n').map(parseClient).flatMap((c) => (c && !c.name.startsWith('chaos-') ? [c.id] : []));
    const victims = fault.scope === 'all' ? ids : ids.length > 0 ? [random.pick(ids)] : [];
    for (const id of victims) await withTimeout(admin.sendCommand(['CLIENT', 'KILL', 'ID', id]), ADMIN_TIMEOUT_MS, 'CLIENT KILL');
    return `${victims.length} connection(s)`;
  },

  /**
   * Redis out of memory (noeviction): CONFIG SET maxmemory 1, then back to 0. Writes that need memory
   * (XADD, the dead-letter script, the organs' records) are refused meanwhile; reads and acks are not.
   * The publisher waits (mutex), so no batch of the harness is refused.
   */
  async 'redis-oom'(fault, { admin, mutex }) {
    await mutex.run(async () => {
      await withTimeout(admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '1']), ADMIN_TIMEOUT_MS, 'CONFIG SET maxmemory 1');
      try {
        await sleep(fault.durationMs);
      } finally {
        await withTimeout(admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '0']), ADMIN_TIMEOUT_MS, 'CONFIG SET maxmemory 0');
      }
    });
    return 'redis';
  },

  /**
   * A burst of events with one in its middle that makes the worker handling it exit(1), until it is
   * dead-lettered; crashed workers are restarted.
   */
  async 'crash-poison'(_fault, { admin, pool, crash }) {
    const timeoutMs = 6 * (crash.claimMinIdleMs + 5_000);
    const burst = await crashPoison({ admin, pool, stream: crash.stream, dlq: crash.dlq, first: crash.next, timeoutMs });
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

/** `id=7 addr=… name=chaos-harness …` → { id, name } */
function parseClient(line) {
  const id = /(?:^| )id=(\d+)/.exec(line)?.[1];
  if (!id) return undefined;
  return { id, name: /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '' };
}

module.exports = { injectFault };

'use strict';
// The seeded fault schedule: which fault, on which worker, after how long a pause, for how long.
// The seed fixes the plan; the moment each fault meets the workers still depends on timing.

/** @typedef {'worker-kill' | 'worker-stall' | 'redis-restart' | 'connection-kill' | 'redis-oom' | 'crash-poison'} FaultKind */
const FAULT_KINDS = /** @type {const} */ (['worker-kill', 'worker-stall', 'redis-restart', 'connection-kill', 'redis-oom', 'crash-poison']);
/**
 * The kinds each backend can take, which are also those a run injects unless `--kinds` names
 * others. PostgreSQL is shared with other programs: it is never restarted nor starved.
 * @type {Record<'redis' | 'postgres', readonly FaultKind[]>}
 */
const KINDS_BY_BACKEND = {
  redis: FAULT_KINDS,
  postgres: ['worker-kill', 'worker-stall', 'connection-kill', 'crash-poison'],
};

/**
 * @typedef {object} PlannedFault
 * @property {FaultKind} kind
 * @property {number} gapMs        pause before it, after the previous fault ended
 * @property {string} worker       the worker it hits (worker-kill, worker-stall)
 * @property {number} durationMs   how long the worker is dead or stopped, Redis is down or out of memory
 * @property {'one' | 'all'} scope which worker connections a connection-kill cuts
 */

/**
 * Plans `count` faults of the given kinds; each kind comes at least once when `count` allows it.
 * @param {{ count: number, workers: number, claimMinIdleMs: number, gapMs: readonly [number, number],
 *           random: import('./seeded-random').Random, kinds: readonly FaultKind[] }} options
 * @returns {{ faults: PlannedFault[], estimatedMs: number }}
 */
function planFaults({ count, workers, claimMinIdleMs, gapMs, random, kinds: only }) {
  const order = random.shuffle(only);
  const kinds = random.shuffle(Array.from({ length: count }, (_, i) => order[i % order.length]));
  const faults = kinds.map((kind) => ({
    kind,
    gapMs: random.int(gapMs[0], gapMs[1]),
    worker: `w${random.int(1, workers)}`,
    durationMs: duration(kind, claimMinIdleMs, random),
    scope: random.pick(/** @type {const} */ (['one', 'all'])),
  }));
  // A killed worker also needs about a second to boot again; a crash-poison event crashes a worker
  // on each of its (3) deliveries, each taken over after claimMinIdleMs.
  const boot = (f) => (f.kind === 'worker-kill' ? 1_000 : f.kind === 'crash-poison' ? 3 * (claimMinIdleMs + 1_000) : 0);
  const estimatedMs = faults.reduce((sum, f) => sum + f.gapMs + f.durationMs + boot(f), 0);
  return { faults, estimatedMs };
}

/** @param {FaultKind} kind @param {number} claimMinIdleMs @param {import('./seeded-random').Random} random */
function duration(kind, claimMinIdleMs, random) {
  switch (kind) {
    case 'worker-stall': // longer than claimMinIdleMs, so the other workers take its deliveries over
      return random.int(Math.round(claimMinIdleMs * 1.5), Math.round(claimMinIdleMs * 2.5));
    case 'worker-kill':
    case 'redis-restart':
      return random.int(200, 1_500);
    case 'redis-oom': // shorter than the organs' record retries (20 s) and the Spine's handler timeout
      return random.int(500, 3_000);
    default:
      return 0;
  }
}

module.exports = { planFaults, FAULT_KINDS, KINDS_BY_BACKEND };

'use strict';
// The crash-poison fault: a burst of numbered CHAOS_EVENTs with one in its middle whose handler
// calls process.exit(1) in whichever worker takes it, so a worker crashes holding a batch. Each
// crash leaves the batch pending; another worker takes it over after claimMinIdleMs and crashes
// too, until the poison was delivered maxDeliveries times and is dead-lettered. The crashed
// workers are started again meanwhile, and their exits are expected, not crashes.
const { Event } = require('@necrostack/core');
const { sleep } = require('./wait');

const RESTART_EVERY_MS = 100;
/** Events in a burst, the crash-poison one in the middle: about a batch, as a backlog would bring. */
const BURST = 100;

/**
 * Publishes a burst of events numbered from `first` (the one at `first + BURST / 2` crashes the
 * worker) and waits (bounded) until the crash-poison event is dead-lettered, restarting the
 * workers it crashed.
 * @param {{ target: import('./targets/target').ChaosTarget, pool: import('./worker-pool').WorkerPool,
 *           first: number, timeoutMs: number }} options
 * @returns {Promise<{ poison: number, next: number, deadLettered: boolean, exits: number }>}
 *   poison: its number; next: the first number after the burst
 */
async function crashPoison({ target, pool, first, timeoutMs }) {
  const exitsBefore = pool.poisonExits.length;
  const poison = first + BURST / 2;
  pool.expectPoisonExits = true;
  try {
    const events = Array.from({ length: BURST }, (_, i) => new Event('CHAOS_EVENT', first + i === poison ? { n: first + i, crash: true } : { n: first + i }));
    await target.publish(events);
    const poisonId = events[BURST / 2].id;
    const deadline = Date.now() + timeoutMs;
    let deadLettered = false;
    while (!deadLettered && Date.now() < deadline) {
      await sleep(RESTART_EVERY_MS);
      await pool.restartCrashed();
      deadLettered = await target.isDeadLettered(poisonId);
    }
    await pool.restartCrashed();
    return { poison, next: first + BURST, deadLettered, exits: pool.poisonExits.length - exitsBefore };
  } finally {
    pool.expectPoisonExits = false;
  }
}

module.exports = { crashPoison };

'use strict';
// Publishes the numbered CHAOS_EVENT events 0 … total−1 in batches (each written whole: one
// pipeline on Redis, one INSERT on PostgreSQL) spread evenly over `spreadMs`, so the faults fall
// while there is work.
const { Event } = require('@necrostack/core');
const { sleep } = require('./wait');

const BATCH_SIZE = 250;

/**
 * @param {{
 *   target: import('./targets/target').ChaosTarget, total: number, poison: ReadonlySet<number>,
 *   spreadMs: number, mutex: import('./mutex').Mutex, isCancelled: () => boolean,
 * }} options
 * @returns {Promise<number>} how many events were published
 */
async function publishEvents({ target, total, poison, spreadMs, mutex, isCancelled }) {
  const batches = Math.ceil(total / BATCH_SIZE);
  const started = Date.now();
  let published = 0;
  for (let b = 0; b < batches && !isCancelled(); b++) {
    const wait = started + (spreadMs * b) / batches - Date.now();
    if (wait > 0) await sleep(wait);
    const first = b * BATCH_SIZE;
    const count = Math.min(BATCH_SIZE, total - first);
    const events = Array.from({ length: count }, (_, i) => new Event('CHAOS_EVENT', poison.has(first + i) ? { n: first + i, poison: true } : { n: first + i }));
    await mutex.run(() => target.publish(events));
    published += count;
  }
  return published;
}

module.exports = { publishEvents };

'use strict';
// Bounded waiting: every loop of the harness ends in time.
const { setTimeout: sleep } = require('node:timers/promises');

/**
 * Polls `condition` every `everyMs` until it returns true; rejects after `timeoutMs`.
 * A condition that throws counts as false (Redis may be restarting).
 * @param {() => boolean | Promise<boolean>} condition
 * @param {{ timeoutMs: number, everyMs?: number, what: string }} options
 */
async function waitFor(condition, { timeoutMs, everyMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(everyMs);
  }
}

/**
 * Rejects when `promise` has not settled within `ms`.
 * @template T @param {Promise<T>} promise @param {number} ms @param {string} what @returns {Promise<T>}
 */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

module.exports = { waitFor, withTimeout, sleep };

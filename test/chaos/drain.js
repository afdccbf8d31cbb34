'use strict';
// Waits (bounded) until every consumer group has read everything and acked everything.
const { waitFor } = require('./wait');

const STABLE_CHECKS = 3; // in a row, 250 ms apart: a batch in flight would show as pending

/**
 * @param {{ target: import('./targets/target').ChaosTarget, organs: readonly string[], timeoutMs: number }} options
 * @returns {Promise<{ drained: boolean, ms: number, groups: import('./targets/target').GroupState[] }>}
 */
async function waitDrained({ target, organs, timeoutMs }) {
  const started = Date.now();
  let stable = 0;
  /** @type {import('./targets/target').GroupState[]} */
  let last = [];
  try {
    await waitFor(async () => {
      last = await target.groupStates(organs);
      const done = last.length === organs.length && last.every((g) => g.pending === 0 && g.unread === false);
      stable = done ? stable + 1 : 0;
      return stable >= STABLE_CHECKS;
    }, { timeoutMs, everyMs: 250, what: `the consumer groups on ${target.name} to drain` });
    return { drained: true, ms: Date.now() - started, groups: last };
  } catch {
    return { drained: false, ms: Date.now() - started, groups: last };
  }
}

module.exports = { waitDrained };

'use strict';
// Waits (bounded) until every consumer group has read the whole stream and acked everything.
const { waitFor, withTimeout } = require('./wait');

const STABLE_CHECKS = 3; // in a row, 250 ms apart: a batch in flight would show as pending

/**
 * @param {{ admin: import('./admin-client').AdminClient, stream: string, groups: readonly string[], timeoutMs: number }} options
 * @returns {Promise<{ drained: boolean, ms: number, groups: GroupState[] }>}
 */
async function waitDrained({ admin, stream, groups, timeoutMs }) {
  const started = Date.now();
  let stable = 0;
  /** @type {GroupState[]} */
  let last = [];
  try {
    await waitFor(async () => {
      last = await groupStates(admin, stream, groups);
      const done = last.length === groups.length && last.every((g) => g.pending === 0 && g.unread === false);
      stable = done ? stable + 1 : 0;
      return stable >= STABLE_CHECKS;
    }, { timeoutMs, everyMs: 250, what: `the consumer groups of ${stream} to drain` });
    return { drained: true, ms: Date.now() - started, groups: last };
  } catch {
    return { drained: false, ms: Date.now() - started, groups: last };
  }
}

/**
 * @typedef {{ name: string, pending: number, unread: boolean, lastDeliveredId: string }} GroupState
 * @returns {Promise<GroupState[]>}
 */
async function groupStates(admin, stream, groups) {
  // One MULTI, so the stream's last id and the groups' positions are read at the same instant.
  const [info, list] = /** @type {[unknown[], unknown[][]]} */ (await withTimeout(admin.multi()
    .addCommand(['XINFO', 'STREAM', stream])
    .addCommand(['XINFO', 'GROUPS', stream])
    .exec(), 10_000, 'XINFO'));
  const lastId = String(field(info, 'last-generated-id'));
  return list.map((g) => ({
    name: String(field(g, 'name')),
    pending: Number(field(g, 'pending')),
    lastDeliveredId: String(field(g, 'last-delivered-id')),
    unread: String(field(g, 'last-delivered-id')) !== lastId,
  })).filter((g) => groups.includes(g.name));
}

/** The value after `name` in a flat [name, value, …] reply. */
function field(reply, name) {
  const i = reply.findIndex((v, k) => k % 2 === 0 && String(v) === name);
  return i < 0 ? undefined : reply[i + 1];
}

module.exports = { waitDrained };

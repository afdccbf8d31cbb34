'use strict';
// The system under test of a chaos run (`--backend`): what the harness needs of a backend, beside
// the `necro worker` processes that consume from it.

/**
 * @typedef {{ name: string, pending: number, unread: boolean }} GroupState
 *   pending: deliveries read but not acked; unread: the group has not read everything yet
 */

/**
 * @typedef {object} ChaosTarget
 * @property {string} name   for messages: `Redis`, `PostgreSQL`
 * @property {string} where  where it runs, for the progress lines (no password)
 * @property {(worker: string) => string[]} workerArgs  the `necro worker` arguments that point a worker at it
 * @property {(events: readonly import('@necrostack/core').Event[]) => Promise<void>} publish  one batch, written whole or not at all
 * @property {() => Promise<import('../checker').DeadLetterSummary[]>} deadLetters
 * @property {(eventId: string) => Promise<boolean>} isDeadLettered
 * @property {(organs: readonly string[]) => Promise<GroupState[]>} groupStates  one per organ's group that exists
 * @property {(scope: 'one' | 'all', random: import('../seeded-random').Random) => Promise<number>} killConnections
 *   cuts one, or all, of the workers' connections; resolves with how many
 * @property {(downMs: number) => Promise<void>} [restart]      Redis only: stop the server, start it again
 * @property {(ms: number) => Promise<void>} [outOfMemory]      Redis only: refuse writes for `ms`
 * @property {() => Promise<void>} connect  the harness's own connection (creates the PostgreSQL schema)
 * @property {() => Promise<void>} destroy  removes everything it created
 */

/**
 * The backend under test, started and connected; removed again when that fails.
 * @param {import('../options').ChaosOptions['backend']} backend @param {string} run @returns {Promise<ChaosTarget>}
 */
async function openTarget(backend, run) {
  /** @type {ChaosTarget} */
  const target = backend === 'postgres'
    ? require('./postgres-target').PostgresTarget.create()
    : await require('./redis-target').RedisTarget.start(run);
  try {
    await target.connect();
  } catch (error) {
    await target.destroy();
    throw error;
  }
  return target;
}

/** The compiled backend package each `--backend` needs. */
const BACKEND_PACKAGES = { redis: 'backend-redis', postgres: 'backend-postgres' };

module.exports = { openTarget, BACKEND_PACKAGES };

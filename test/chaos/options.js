'use strict';
// The command line of the chaos harness.
const { parseArgs } = require('node:util');
const { randomInt } = require('node:crypto');
const { KINDS_BY_BACKEND } = require('./fault-plan');

/**
 * @typedef {object} ChaosOptions
 * @property {'redis' | 'postgres'} backend  the backend under test
 * @property {number} events          numbered CHAOS_EVENT events to publish (each handler emits one follow-up)
 * @property {number} faults          faults to inject (every kind at least once when there are enough)
 * @property {import('./fault-plan').FaultKind[]} kinds  the kinds of fault to inject
 * @property {number} workers         `necro worker` processes
 * @property {string} seed            fixes the fault plan and the poison events
 * @property {number} poison          poison events planted among the events
 * @property {number} concurrency     each worker's --concurrency
 * @property {number} workMs          mean time a handler works (awaited), so faults find work in flight
 * @property {number} claimMinIdleMs  the workers' claimMinIdleMs; a stall lasts 1.5–2.5 times this
 * @property {[number, number]} gapMs pause between two faults, min and max
 * @property {number} drainTimeoutMs  longest wait for the streams to drain after the last fault
 * @property {boolean} json           print the report as JSON
 */

const USAGE = `Usage: node test/chaos/run.js [options]

Runs NecroStack workers (necro worker) against a private redis-server, or in a schema of their own
on the PostgreSQL at POSTGRES_URL (default postgres://root@127.0.0.1:5432/test), while injecting
faults (worker SIGKILL, SIGSTOP longer than claimMinIdleMs, connections cut, events that crash the
worker; on Redis also Redis restarted and out of memory), then checks that no event was lost and
that the dead letters are exactly the planted poison events.

Options:
  --backend B             redis (default) or postgres
  --events N              events to publish (default 100000)
  --faults N              faults to inject (default 24)
  --kinds K,K             these kinds, each at least once (default: every kind the backend takes):
                          worker-kill, worker-stall, connection-kill (CLIENT KILL on Redis,
                          pg_terminate_backend on PostgreSQL), crash-poison (an event whose
                          handler calls process.exit(1); the worker is restarted); Redis only:
                          redis-restart, redis-oom (CONFIG SET maxmemory 1, then 0)
  --workers N             worker processes (default 3)
  --seed S                seed of the fault plan and poison events (default: random, printed)
  --poison N              poison events (default events / 2000, at least 3)
  --concurrency N         each worker's --concurrency (default 4)
  --work-ms MS            mean time each handler works, awaited (default 4)
  --claim-min-idle-ms MS  the workers' claimMinIdleMs (default 2000)
  --gap-ms MIN-MAX        pause between faults (default 2000-6000)
  --drain-timeout-ms MS   longest wait for the streams to drain (default 120000)
  --json                  print the report as JSON
  -h, --help              this help

Exit code: 0 when nothing was lost and the dead letters are exactly the poison events, 1 otherwise,
2 on bad usage.`;

/** @param {readonly string[]} argv @returns {ChaosOptions | 'help'} @throws Error on bad usage */
function parseOptions(argv) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      backend: { type: 'string' }, events: { type: 'string' }, faults: { type: 'string' }, kinds: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' },
      poison: { type: 'string' }, concurrency: { type: 'string' }, 'claim-min-idle-ms': { type: 'string' },
      'work-ms': { type: 'string' },
      'gap-ms': { type: 'string' }, 'drain-timeout-ms': { type: 'string' }, json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const backend = values.backend ?? 'redis';
  if (!(backend in KINDS_BY_BACKEND)) throw new Error(`--backend takes ${Object.keys(KINDS_BY_BACKEND).join(' or ')}; got ${backend}`);
  const events = int(values.events, 100_000, 'events', 10);
  const gap = /^(\d+)-(\d+)$/.exec(values['gap-ms'] ?? '2000-6000');
  if (!gap || Number(gap[1]) > Number(gap[2])) throw new Error('--gap-ms must be MIN-MAX in ms, e.g. 2000-6000');
  const poison = int(values.poison, Math.max(3, Math.round(events / 2_000)), 'poison', 0);
  if (poison > events / 2) throw new Error('--poison must be at most half of --events');
  return {
    backend,
    events,
    faults: int(values.faults, 24, 'faults', 0),
    kinds: kinds(values.kinds, KINDS_BY_BACKEND[backend], backend),
    workers: int(values.workers, 3, 'workers', 2),
    seed: values.seed ?? String(randomInt(1, 1_000_000)),
    poison,
    concurrency: int(values.concurrency, 4, 'concurrency', 1),
    workMs: int(values['work-ms'], 4, 'work-ms', 0),
    claimMinIdleMs: int(values['claim-min-idle-ms'], 2_000, 'claim-min-idle-ms', 100),
    gapMs: [Number(gap[1]), Number(gap[2])],
    drainTimeoutMs: int(values['drain-timeout-ms'], 120_000, 'drain-timeout-ms', 1_000),
    json: values.json === true,
  };
}

function kinds(text, possible, backend) {
  if (text === undefined || text.trim() === 'all') return [...possible];
  const list = text.split(',').map((k) => k.trim());
  const unknown = list.filter((k) => !possible.includes(k));
  if (list.length === 0 || unknown.length > 0) throw new Error(`--kinds takes ${possible.join(', ')} or all on ${backend}; got ${text}`);
  return list;
}

function int(text, fallback, name, min) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${text}`);
  return value;
}

module.exports = { parseOptions, USAGE };

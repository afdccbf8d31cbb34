'use strict';
// The system under test on PostgreSQL: a schema of its own on the shared server (POSTGRES_URL),
// created by the harness's PostgresBackend and dropped at the end. Every worker connects with the
// application_name `necro-chaos-<schema>-<worker>`, so a connection-kill (pg_terminate_backend)
// finds exactly the workers' backends of this run, never the harness's nor anyone else's.
// PostgreSQL itself is never restarted nor starved: other programs share it.
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { PostgresBackend } = require('@necrostack/backend-postgres');
const { maskSecrets, silentLogger } = require('@necrostack/core');
const { trackUndo } = require('../cleanup');
const { summarizeLetter } = require('../checker');
const { withTimeout } = require('../wait');

const DEFAULT_URL = 'postgres://root@127.0.0.1:5432/test';
const ADMIN_TIMEOUT_MS = 10_000;

/** @implements {import('./target').ChaosTarget} */
class PostgresTarget {
  /** @param {string} url @param {string} schema */
  constructor(url, schema) {
    this.name = 'PostgreSQL';
    this.url = url;
    this.schema = schema;
    this.backend = new PostgresBackend({ connectionString: withParams(url, { application_name: 'chaos-harness' }), schema, logger: silentLogger });
    this.where = `PostgreSQL ${maskSecrets(url)}, schema ${schema}`;
    this.untrack = trackUndo(() => dropSchemaNow(url, schema));
  }

  /** A new schema's name on POSTGRES_URL; nothing is created before `connect()`. */
  static create() {
    return new PostgresTarget(process.env.POSTGRES_URL ?? DEFAULT_URL, `chaos_${randomBytes(4).toString('hex')}`);
  }

  /** Creates the run's schema. */
  async connect() {
    await this.backend.connect();
  }

  /** @param {string} worker */
  workerArgs(worker) {
    return ['--backend', withParams(this.url, { schema: this.schema, application_name: this.#applicationName(worker) })];
  }

  /** One INSERT. @param {readonly import('@necrostack/core').Event[]} events */
  publish(events) {
    return withTimeout(this.backend.enqueue(events), ADMIN_TIMEOUT_MS, 'enqueue batch');
  }

  async deadLetters() {
    const rows = await this.#query(`SELECT body, organ, error_name, error_message FROM ${this.backend.tables.deadLetters} ORDER BY id`);
    return rows.map((r) => summarizeLetter(r.body, { organ: r.organ ?? '', errorClass: r.error_name, reason: r.error_message }));
  }

  /** @param {string} eventId */
  async isDeadLettered(eventId) {
    return (await this.#query(`SELECT 1 FROM ${this.backend.tables.deadLetters} WHERE event_id = $1`, [eventId])).length > 0;
  }

  /** Each group's delivery rows left; the fan-out trigger creates them with the event, so nothing is ever unread. @param {readonly string[]} organs */
  async groupStates(organs) {
    const { groups, deliveries } = this.backend.tables;
    const rows = await this.#query(`SELECT g.name, (SELECT count(*) FROM ${deliveries} d WHERE d.group_name = g.name)::int AS pending
      FROM ${groups} g WHERE g.name = ANY($1)`, [organs]);
    return rows.map((r) => ({ name: r.name, pending: r.pending, unread: false }));
  }

  /** pg_terminate_backend on one, or all, of the workers' connections. */
  async killConnections(scope, random) {
    const rows = await this.#query('SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1', [`${this.#applicationName('')}%`]);
    const pids = rows.map((r) => r.pid);
    const victims = scope === 'all' ? pids : pids.length > 0 ? [random.pick(pids)] : [];
    if (victims.length > 0) await this.#query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [victims]);
    return victims.length;
  }

  async destroy() {
    try {
      await this.#query(`DROP SCHEMA IF EXISTS ${this.backend.tables.schema} CASCADE`);
      this.untrack();
    } finally {
      await this.backend.close();
    }
  }

  #applicationName(worker) {
    return `necro-chaos-${this.schema}-${worker}`;
  }

  async #query(sql, values) {
    return (await withTimeout(this.backend.pool.query(sql, values), ADMIN_TIMEOUT_MS, sql.slice(0, 40))).rows;
  }
}

/** `url` with these query parameters set (`schema` is necro's own; node-postgres reads `application_name`). */
function withParams(url, params) {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/** The synchronous fallback when the harness is interrupted: psql drops the schema. */
function dropSchemaNow(url, schema) {
  try {
    execFileSync('psql', [url, '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    // nothing more to do on the way out
  }
}

module.exports = { PostgresTarget };

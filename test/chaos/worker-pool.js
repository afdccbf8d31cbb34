'use strict';
// The `necro worker` processes under test: started, SIGKILLed and restarted, stopped and
// continued, and finally shut down with SIGTERM — always by their own pid.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { trackProcess } = require('./cleanup');
const { waitFor } = require('./wait');

const ROOT = join(__dirname, '..', '..');
const NECRO = join(ROOT, 'packages', 'cli', 'bin', 'necro.js');
const ORGANS = join(__dirname, 'fixtures', 'chaos.organ.js');
const OUTPUT_KEPT = 16_384; // characters of each worker's output kept for the report
const START_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 20_000;

/**
 * @typedef {object} WorkerPoolOptions
 * @property {number} count
 * @property {(worker: string) => string[]} backendArgs  the arguments that point a worker at the backend under test
 * @property {string} recordUrl      the Redis the organs record their handlings in (no fault touches it)
 * @property {string} recordPrefix   prefix of the keys the organs record their handlings in
 * @property {number} claimMinIdleMs
 * @property {number} concurrency
 * @property {number} workMs         mean time a handler works before it records (CHAOS_WORK_MS)
 */

class Worker {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    this.output = '';
    this.expectingExit = false;
    this.stopped = false;
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}

class WorkerPool {
  /** @param {WorkerPoolOptions} options */
  constructor(options) {
    this.options = options;
    this.workers = Array.from({ length: options.count }, (_, i) => new Worker(`w${i + 1}`));
    /** @type {{ worker: string, code: number | null, signal: string | null, output: string }[]} exits nobody asked for */
    this.crashes = [];
    /** @type {{ worker: string, atMs: number }[]} exit(1)s while a crash-poison event was planted */
    this.poisonExits = [];
    /** Whether an exit with code 1 now comes from a planted crash-poison event (see crash-poison.js). */
    this.expectPoisonExits = false;
  }

  /** Starts every worker and waits until each has started its Spine. */
  async startAll() {
    await Promise.all(this.workers.map((w) => this.start(w)));
  }

  /** Starts one worker (a worker that crashed is started again the same way). @param {Worker} worker */
  async start(worker) {
    const o = this.options;
    const child = spawn(process.execPath, [
      NECRO, 'worker', '--organs', ORGANS, ...o.backendArgs(worker.name),
      '--consumer-name', worker.name, '--concurrency', String(o.concurrency), '--shutdown-timeout', '5000',
      '--claim-min-idle', String(o.claimMinIdleMs),
    ], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, NECRO_LOG_LEVEL: 'info',
        CHAOS_RECORD_URL: o.recordUrl, CHAOS_RECORD_PREFIX: o.recordPrefix, CHAOS_WORKER: worker.name, CHAOS_WORK_MS: String(o.workMs),
      },
    });
    worker.child = child;
    worker.output = '';
    worker.expectingExit = false;
    worker.stopped = false;
    trackProcess(child, `necro worker ${worker.name}`);
    const keep = (data) => { worker.output = (worker.output + data).slice(-OUTPUT_KEPT); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // 'close', not 'exit': the crash report quotes the output, complete only once it is drained.
    child.once('close', (code, signal) => {
      if (worker.expectingExit || worker.child !== child) return;
      if (this.expectPoisonExits && code === 1) {
        this.poisonExits.push({ worker: worker.name, atMs: Date.now() });
        return;
      }
      this.crashes.push({ worker: worker.name, code, signal, output: worker.output.slice(-2_000) });
    });
    // Started once it said so, even if it has exited since: a worker restarted during a
    // crash-poison fault may take the poison over at once and crash again.
    await waitFor(() => {
      if (/Spine started/.test(worker.output)) return true;
      if (worker.child === child && !worker.running) throw new Error(`${worker.name} exited at start: ${worker.output.slice(-2_000)}`);
      return false;
    }, { timeoutMs: START_TIMEOUT_MS, everyMs: 50, what: `${worker.name} to start` });
  }

  /** SIGKILL by pid; resolves once it is gone. @param {Worker} worker */
  async kill(worker) {
    if (!worker.running) return;
    worker.expectingExit = true;
    const child = /** @type {import('node:child_process').ChildProcess} */ (worker.child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the process stays, silent (no refresh, no heartbeat). @param {Worker} worker */
  pause(worker) {
    if (!worker.running) return false;
    worker.child?.kill('SIGSTOP');
    worker.stopped = true;
    return true;
  }

  /** SIGCONT. @param {Worker} worker */
  resume(worker) {
    if (worker.running) worker.child?.kill('SIGCONT');
    worker.stopped = false;
  }

  /** Restarts the workers that crashed (exited without being asked), so the run can go on. */
  async restartCrashed() {
    for (const worker of this.workers) if (!worker.running && !worker.expectingExit) await this.start(worker);
  }

  /**
   * Graceful end: SIGCONT, then SIGTERM to every worker; SIGKILL for those still running after
   * the deadline. Resolves with each worker's exit code.
   * @returns {Promise<Record<string, number | string | null>>}
   */
  async stopAll() {
    const codes = /** @type {Record<string, number | string | null>} */ ({});
    await Promise.all(this.workers.map(async (worker) => {
      const child = worker.child;
      if (!child || !worker.running) {
        codes[worker.name] = child?.exitCode ?? child?.signalCode ?? null;
        return;
      }
      worker.expectingExit = true;
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
      codes[worker.name] = /** @type {number | string | null} */ (await exited);
      clearTimeout(timer);
    }));
    return codes;
  }
}

module.exports = { WorkerPool, Worker };

'use strict';
// A private redis-server for one chaos run: a free 127.0.0.1 port, its own temporary directory,
// append-only file on (so a restart keeps the data), stopped by its pid.
const { spawn } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { trackDir, trackProcess, removeDir } = require('./cleanup');
const { waitFor, sleep } = require('./wait');

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

class PrivateRedis {
  /** @param {number} port @param {string} dir */
  constructor(port, dir) {
    this.port = port;
    this.dir = dir;
    this.url = `redis://127.0.0.1:${port}`;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    this.restarts = 0;
  }

  /** Starts a redis-server on a free port (a few ports are tried if one is taken meanwhile). */
  static async start() {
    const dir = mkdtempSync(join(tmpdir(), 'necro-chaos-'));
    trackDir(dir);
    /** @type {unknown} */
    let lastError;
    for (let attempt = 0; attempt < 5; attempt++) {
      const redis = new PrivateRedis(await freePort(), dir);
      try {
        await redis.#spawn();
        return redis;
      } catch (error) {
        lastError = error;
        await redis.kill();
      }
    }
    removeDir(dir);
    throw new Error(`Could not start a private redis-server: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  }

  get pid() {
    return this.child?.pid;
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops Redis gracefully (SIGTERM: it writes the append-only file and exits), waits `downMs`, starts it again. */
  async restart(downMs) {
    await this.stop();
    await sleep(downMs);
    await this.#spawn();
    this.restarts++;
  }

  /** SIGTERM by pid, then waits for the exit (SIGKILL if it does not come). */
  async stop() {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** SIGKILL by pid (cleanup). */
  async kill() {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops Redis and deletes its directory. */
  async destroy() {
    await this.kill();
    removeDir(this.dir);
  }

  async #spawn() {
    const child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', join(this.dir, 'redis.log'),
    ], { stdio: 'ignore' });
    this.child = child;
    trackProcess(child, `redis-server :${this.port}`);
    await waitFor(async () => {
      if (!this.running) throw new Error(`redis-server exited (code ${child.exitCode}); see ${join(this.dir, 'redis.log')}`);
      return (await ping(this.port)) === '+PONG';
    }, { timeoutMs: START_TIMEOUT_MS, everyMs: 50, what: `redis-server on port ${this.port}` });
  }
}

/** A port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING; resolves with the first reply line (`+PONG`, or `-LOADING …` while the AOF loads). */
function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => { socket.destroy(); resolve('timeout'); });
    socket.on('error', (error) => resolve(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => { socket.destroy(); resolve(String(data).trim()); });
  });
}

module.exports = { PrivateRedis };

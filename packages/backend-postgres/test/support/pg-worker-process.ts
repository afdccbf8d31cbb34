import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@necrostack/testkit';
import type { PgWorkerConfig } from '../fixtures/worker';

/** The TypeScript loader the Redis backend's tests use for child processes (swc, src/ aliases). */
const REGISTER = path.join(__dirname, '..', '..', '..', 'backend-redis', 'test', 'fixtures', 'register.js');
const WORKER = path.join(__dirname, '..', 'fixtures', 'worker.ts');

/** A worker child process (test/fixtures/worker.ts) and everything it printed. */
export class PgWorkerProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(config: PgWorkerConfig) {
    this.child = spawn(process.execPath, ['-r', REGISTER, WORKER], {
      env: { ...process.env, NECRO_PG_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  /** Resolves once the worker subscribed its group. */
  async ready(): Promise<this> {
    await waitFor(() => this.output.includes('READY') || this.child.exitCode !== null, 'the worker to start', 30_000);
    if (!this.output.includes('READY')) throw new Error(`worker exited early:\n${this.output}`);
    return this;
  }

  /** Sends `signal` to this worker (by its pid) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

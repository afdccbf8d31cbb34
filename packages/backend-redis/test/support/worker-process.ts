import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { WorkerConfig } from '../fixtures/worker';
import { waitFor } from './redis-test-env';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** A worker child process (test/fixtures/worker.ts) and everything it printed. */
export class WorkerProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly config: WorkerConfig) {
    this.child = spawn(process.execPath, ['-r', path.join(FIXTURES, 'register.js'), path.join(FIXTURES, 'worker.ts')], {
      env: { ...process.env, NECRO_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    // 'close', not 'exit': only then is `output` complete (exit may come before stdout is drained).
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  /** Resolves once the worker subscribed its groups. */
  async ready(timeoutMs = 20_000): Promise<this> {
    await waitFor(() => this.output.includes('READY') || this.child.exitCode !== null, { timeoutMs, what: 'the worker to start' });
    if (!this.output.includes('READY')) throw new Error(`worker exited early:\n${this.output}`);
    return this;
  }

  /** Sends `signal` to this worker (by its pid) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

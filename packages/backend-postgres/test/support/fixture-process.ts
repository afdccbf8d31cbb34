import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@necrostack/testkit';

/** The TypeScript loader the Redis backend's tests use for child processes (swc, src/ aliases). */
const REGISTER = path.join(__dirname, '..', '..', '..', 'backend-redis', 'test', 'fixtures', 'register.js');

/** A child process running a fixture of test/fixtures (configured by one env variable holding JSON), and everything it printed. */
export class FixtureProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(fixture: string, variable: string, config: object) {
    this.child = spawn(process.execPath, ['-r', REGISTER, path.join(__dirname, '..', 'fixtures', fixture)], {
      env: { ...process.env, [variable]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  /** Resolves once the process printed `marker`. @throws when it exits first. */
  async printed(marker: string, what: string, timeoutMs = 30_000): Promise<this> {
    await waitFor(() => this.output.includes(marker) || this.child.exitCode !== null, what, timeoutMs);
    if (!this.output.includes(marker)) throw new Error(`the process exited before ${what}:\n${this.output}`);
    return this;
  }

  /** Sends `signal` to this process (by its pid) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

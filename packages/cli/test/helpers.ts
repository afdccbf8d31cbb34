import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

export const ROOT = join(__dirname, '..', '..', '..');
export const BIN = join(__dirname, '..', 'bin', 'necro.js');
export const FIXTURES = join(__dirname, 'fixtures');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** These tests run the built binary: fail at once, with the fix, when dist is missing or older than src. */
export function assertBuilt(): void {
  const main = join(__dirname, '..', 'dist', 'bin', 'main.js');
  const buildInfo = join(__dirname, '..', 'tsconfig.tsbuildinfo'); // rewritten by every build that changed something
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs));
  if (!existsSync(main) || !existsSync(buildInfo) || statSync(buildInfo).mtimeMs < newest(join(__dirname, '..', 'src')) - 1) {
    throw new Error('packages/cli/dist is missing or stale: run `npx tsc -b packages/cli` (or `npm run build`) first');
  }
}

export interface Result {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A `necro` process this test started; killed in afterEach if still running. */
export class Necro {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Result>;
  private readonly started = Date.now();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => { this.stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({
      code, signal, stdout: this.stdout, stderr: this.stderr, ms: Date.now() - this.started,
    })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once stdout has a line matching `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    return waitFor(() => pattern.test(this.stdout) || !this.running, timeoutMs, `output ${pattern}`).then(() => {
      if (!pattern.test(this.stdout)) throw new Error(`necro exited before printing ${pattern}: ${this.stderr}${this.stdout}`);
    });
  }

  /** Resolves with the result once the process exited; fails after `timeoutMs`. */
  async waitExit(timeoutMs = 15_000): Promise<Result> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`necro did not exit within ${timeoutMs} ms`)), timeoutMs); });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const started: Necro[] = [];

/** Starts `node bin/necro.js …args` from the repository root. */
export function startNecro(args: readonly string[], env: Record<string, string> = {}): Necro {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NECRO_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const necro = new Necro(child);
  started.push(necro);
  return necro;
}

/** Runs `necro …args` to completion. */
export function necro(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<Result> {
  return startNecro(args, env).waitExit(timeoutMs);
}

/** Kills (by pid) the processes this test file started that still run. Call in afterEach. */
export async function killStarted(): Promise<void> {
  for (const n of started.splice(0)) {
    if (n.running) {
      n.child.kill('SIGKILL');
      await n.exited;
    }
  }
}

/** Polls `condition` every 25 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A unique stream key and a scratch directory for one test; `cleanup()` deletes both. */
export function testSpace(): { stream: string; dir: string; record: (name: string) => string; cleanup: () => Promise<void> } {
  const stream = `necrostack-test:${randomUUID()}`;
  const dir = mkdtempSync(join(tmpdir(), 'necro-cli-'));
  return {
    stream,
    dir,
    record: (name) => join(dir, name),
    cleanup: async () => {
      rmSync(dir, { recursive: true, force: true });
      await withRedis(async (redis) => {
        const keys: string[] = [];
        for await (const batch of redis.scanIterator({ MATCH: `${stream}*`, COUNT: 1000 })) keys.push(...batch);
        if (keys.length > 0) await redis.del(keys);
      });
    },
  };
}

/** Lines of a record file (empty when the file does not exist yet). */
export function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** Runs `work` with a RESP2 node-redis client, closed afterwards. */
export async function withRedis<T>(work: (redis: ReturnType<typeof createClient<{}, {}, {}, 2>>) => Promise<T>): Promise<T> {
  const redis = createClient({ url: REDIS_URL, RESP: 2 });
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.destroy();
  }
}

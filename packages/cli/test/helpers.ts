import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createClient } from 'redis';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(__dirname, '..', 'bin', 'necro.js');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A file of test/fixtures, as a path from the repository root, where `necro` runs. */
export function fixture(name: string): string {
  return `packages/cli/test/fixtures/${name}`;
}

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

/** How {@link startNecro} runs the process. */
export interface RunOptions {
  /** Variables on top of the test's environment. */
  readonly env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  readonly stdin?: string;
  /** The working directory (default: the repository root). */
  readonly cwd?: string;
  /** Node.js options before the script, such as `['-r', '@swc/register']`. */
  readonly nodeArgs?: readonly string[];
}

/** A `necro` process this test started; killed after the test if still running. */
export class Necro {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Result>;
  private readonly started = Date.now();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => { this.stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    // 'close', not 'exit': only then are stdout and stderr drained (exit may come first).
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({
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

  /** Sends `signal` and resolves with the result once the process exited; fails after `timeoutMs`. */
  stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs?: number): Promise<Result> {
    this.child.kill(signal);
    return this.waitExit(timeoutMs);
  }
}

const started: Necro[] = [];

/** Starts `node bin/necro.js …args` (from the repository root unless `options.cwd` says otherwise). */
export function startNecro(args: readonly string[], options: RunOptions = {}): Necro {
  const stdin = options.stdin === undefined ? 'ignore' : 'pipe';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT, env: { ...process.env, NECRO_LOG_LEVEL: 'info', ...options.env }, stdio: [stdin, 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const necro = new Necro(child);
  started.push(necro);
  return necro;
}

/** Runs `necro …args` to completion. */
export function necro(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  return startNecro(args, options).waitExit();
}

/** Starts `necro worker …args` and resolves once its Spine runs. */
export async function startWorker(args: readonly string[], options: RunOptions = {}): Promise<Necro> {
  const worker = startNecro(['worker', ...args], options);
  await worker.waitForOutput(/Spine started/);
  return worker;
}

/** Kills (by pid) the processes this test file started that still run. Call after each test. */
export async function killStarted(): Promise<void> {
  for (const n of started.splice(0)) {
    if (n.running) {
      n.child.kill('SIGKILL');
      await n.exited;
    }
  }
}

/** The error a failed command printed: checks it is one line on stderr, prefixed `necro: `. */
export function errorLine(result: Result): string {
  const all = result.stderr.trim().split('\n');
  expect(all).toHaveLength(1);
  expect(all[0]).toMatch(/^necro: /);
  return all[0] as string;
}

/** Polls `condition` every 25 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Lines of a record file (empty when the file does not exist yet). */
export function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
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

/** `XLEN key`. */
export function streamLength(key: string): Promise<number> {
  return withRedis((redis) => redis.xLen(key));
}

/** The events stored in a stream (their wire form, `{ id, event_type, payload, … }`), oldest first. */
export function streamEvents(key: string): Promise<{ id: string; event_type: string; payload: Record<string, unknown> }[]> {
  return withRedis(async (redis) => ((await redis.xRange(key, '-', '+')) ?? []).map((entry) => JSON.parse(String(entry?.message.event))));
}

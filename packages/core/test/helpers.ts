// Shared test helpers: bounded waits and controllable promises. No fixed sleeps anywhere.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Logger, LogFields } from '../src';

/** Polls `condition` until it is true; fails after `timeoutMs` with `what` in the message. */
export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A promise with its resolve exposed: lets a test decide when a handler finishes. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves with how the promise settled, without throwing: `{ ok, value | error }`. */
export async function settled<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Returns what `fn` threw (fails the test when it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

/** A Logger that records every line (with the fields of its parents) in `lines`. */
export function recordingLogger(options: { debug?: boolean } = {}, lines: LogLine[] = [], base: LogFields = {}): Logger & { lines: LogLine[] } {
  const write = (level: LogLine['level']) => (message: string, fields: LogFields = {}) => {
    lines.push({ level, message, fields: { ...base, ...fields } });
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    isDebugEnabled: () => options.debug ?? false,
    child: (fields: LogFields) => recordingLogger(options, lines, { ...base, ...fields }),
  };
}

/**
 * Runs `body` (CommonJS JavaScript) in a fresh Node process that can `require()` the TypeScript
 * sources of core (`SRC` is the path of packages/core/src). For what jest's sandbox cannot show:
 * the process time zone, the real process.stdout / process.stderr.
 */
export function runInChildProcess(body: string, env: Record<string, string> = {}): { stdout: string; stderr: string } {
  const script = `
    const swc = require('@swc/core');
    require.extensions['.ts'] = (m, file) => m._compile(swc.transformFileSync(file, {
      jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022',
             transform: { legacyDecorator: true, decoratorMetadata: true } },
      module: { type: 'commonjs' },
    }).code, file);
    const SRC = ${JSON.stringify(path.join(__dirname, '../src'))};
    ${body}
  `;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: path.join(__dirname, '../../..'), env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000,
  });
  if (result.status !== 0) throw new Error(`child process failed (${String(result.status)}): ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

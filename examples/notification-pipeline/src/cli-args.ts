import { parseArgs } from 'node:util';
import type { LogLevel } from '@necrostack/core';

export const USAGE = `Usage: node dist/main.js [options]

  --file <path>        notification requests, .json or .csv (default: data/sample_notifications.json)
  --directory <path>   users' contacts and simulated provider faults (default: data/directory.json)
  --backend <b>        memory (default) or a redis:// URL, e.g. redis://127.0.0.1:6379 (or NECRO_BACKEND)
  --json               print the summary as one JSON object on the last line of stdout
  --log-level <level>  framework logs on stderr: error, warn, info or debug (default: warn, or NECRO_LOG_LEVEL)
  --latency <ms>       simulated provider latency per call (default: 2)
  --help               show this help`;

const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** The command line, parsed. */
export interface CliArgs {
  readonly file?: string;
  readonly directoryFile?: string;
  /** `memory` or a `redis://` / `rediss://` URL. */
  readonly backend: string;
  readonly json: boolean;
  readonly help: boolean;
  readonly logLevel: LogLevel;
  readonly latencyMs?: number;
}

/** A command line the program does not understand; the message says what, and USAGE follows it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** @throws UsageError on an unknown option, a missing value or an invalid one. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        file: { type: 'string' },
        directory: { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'boolean', default: false },
        'log-level': { type: 'string' },
        latency: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    file: values.file,
    directoryFile: values.directory,
    backend: backend(values.backend ?? env.NECRO_BACKEND ?? 'memory'),
    json: values.json,
    help: values.help,
    logLevel: logLevel(values['log-level'] ?? env.NECRO_LOG_LEVEL?.toLowerCase() ?? 'warn'),
    latencyMs: values.latency === undefined ? undefined : latency(values.latency),
  };
}

function logLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${value}'`);
  return level;
}

function backend(value: string): string {
  if (value !== 'memory' && !/^rediss?:\/\//.test(value)) {
    throw new UsageError(`--backend must be "memory" or a redis:// URL, got '${value}'`);
  }
  return value;
}

function latency(value: string): number {
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`--latency must be a number of ms ≥ 0, got '${value}'`);
  return ms;
}

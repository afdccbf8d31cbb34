import { createLogger as createWinston, format, transports, type Logger as Winston } from 'winston';
import type { LogFields, Logger } from './logger';
import { maskSecrets } from './mask-secrets';

/** The levels NecroStack logs at. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Lowest level written; default `NECRO_LOG_LEVEL` from the environment, else `info`. */
  readonly level?: LogLevel;
  /** Where lines go; default `stdout`. Use `stderr` to keep stdout for a program's own output. */
  readonly stream?: 'stdout' | 'stderr';
  /** Fields added to every line (e.g. `{ service: 'billing' }`). */
  readonly defaultFields?: LogFields;
}

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const FLUSH_TIMEOUT_MS = 1_000;

/**
 * The shipped {@link Logger}: winston writing one JSON object per line. Error objects in fields are
 * written as `{ error: message, error_name, stack }`; passwords in URLs are masked.
 *
 * @example
 * ```ts
 * const spine = new Spine({ organs, backend, logger: createLogger({ level: 'debug' }) });
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? envLevel() ?? 'info';
  const stderrLevels = options.stream === 'stderr' ? [...LEVELS] : [];
  const winston = createWinston({
    level,
    format: format.combine(format.timestamp(), format.json()),
    defaultMeta: options.defaultFields,
    transports: [new transports.Console({ stderrLevels })],
  });
  return new WinstonLogger(winston);
}

function envLevel(): LogLevel | undefined {
  const value = process.env.NECRO_LOG_LEVEL?.toLowerCase();
  return LEVELS.find((l) => l === value);
}

class WinstonLogger implements Logger {
  private readonly debugEnabled: boolean;

  constructor(private readonly winston: Winston) {
    this.debugEnabled = winston.isLevelEnabled('debug');
  }

  debug(message: string, fields?: LogFields): void {
    if (this.debugEnabled) this.winston.debug(message, toMeta(fields));
  }
  info(message: string, fields?: LogFields): void {
    this.winston.info(message, toMeta(fields));
  }
  warn(message: string, fields?: LogFields): void {
    this.winston.warn(message, toMeta(fields));
  }
  error(message: string, fields?: LogFields): void {
    this.winston.error(message, toMeta(fields));
  }
  isDebugEnabled(): boolean {
    return this.debugEnabled;
  }
  child(fields: LogFields): Logger {
    return new WinstonLogger(this.winston.child(toMeta(fields)));
  }
  flush(): Promise<void> {
    // Bounded: a wrapped stream that never calls back (jest's reporter wraps stdout) must not hang stop().
    const done = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
      stream.write('', () => { clearTimeout(timer); resolve(); });
    });
    return Promise.all([done(process.stdout), done(process.stderr)]).then(() => undefined);
  }
}

function toMeta(fields: LogFields | undefined): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (!fields) return meta;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      meta[key] = maskSecrets(value.message);
      meta[`${key}_name`] = value.name;
      if (value.stack) meta.stack = maskSecrets(value.stack);
    } else {
      meta[key] = typeof value === 'string' ? maskSecrets(value) : value;
    }
  }
  return meta;
}

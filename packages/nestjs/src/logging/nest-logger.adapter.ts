import { maskSecrets, type LogFields, type Logger, type LogLevel } from '@necrostack/core';
import { Logger as NestLogger, type LoggerService } from '@nestjs/common';

/**
 * The context NecroStack's lines carry in Nest's logs: `[NecroStack]`.
 *
 * @example
 * ```ts
 * new NestLoggerAdapter({ logger: new Logger(`${DEFAULT_NEST_LOG_CONTEXT}:billing`) });
 * ```
 */
export const DEFAULT_NEST_LOG_CONTEXT = 'NecroStack';

/**
 * Options of {@link NestLoggerAdapter}.
 *
 * @example
 * ```ts
 * const options: NestLoggerAdapterOptions = { logger: new ConsoleLogger({ json: true }), level: 'debug' };
 * ```
 */
export interface NestLoggerAdapterOptions {
  /** The Nest logger lines go to. Default: `new Logger('NecroStack')`, which writes through the application's logger. */
  readonly logger?: LoggerService;
  /**
   * The lowest NecroStack level written (Nest's own levels filter further). Default:
   * `NECRO_LOG_LEVEL`, else `info` — so the per-delivery debug lines stay off even though Nest
   * enables every level by default.
   */
  readonly level?: LogLevel;
}

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * NecroStack's {@link Logger} on Nest's logger: constant messages with their structured fields as
 * Nest's params (`LOG [NecroStack] Spine started {"mode":"forever",…}`, or JSON with
 * `new ConsoleLogger({ json: true })`), error objects as `error` and `error_name` with the stack
 * passed as Nest's stack, passwords in URLs masked. The default logger of `NecroStackModule`.
 *
 * @example
 * ```ts
 * NecroStackModule.forRoot({ backend, spine: { logger: new NestLoggerAdapter({ level: 'debug' }) } });
 * ```
 */
export class NestLoggerAdapter implements Logger {
  private readonly nest: LoggerService;
  private readonly level: LogLevel;

  constructor(options: NestLoggerAdapterOptions = {}, private readonly fields: LogFields = {}) {
    this.nest = options.logger ?? new NestLogger(DEFAULT_NEST_LOG_CONTEXT);
    this.level = options.level ?? envLevel() ?? 'info';
  }

  debug(message: string, fields?: LogFields): void {
    if (this.isDebugEnabled()) this.nest.debug?.(message, this.params(fields).params);
  }
  info(message: string, fields?: LogFields): void {
    if (this.enabled('info')) this.nest.log(message, this.params(fields).params);
  }
  warn(message: string, fields?: LogFields): void {
    if (this.enabled('warn')) this.nest.warn(message, this.params(fields).params);
  }
  error(message: string, fields?: LogFields): void {
    const { params, stack } = this.params(fields);
    if (stack === undefined) this.nest.error(message, params);
    else this.nest.error(message, params, stack);
  }
  isDebugEnabled(): boolean {
    return this.enabled('debug') && NestLogger.isLevelEnabled('debug');
  }
  child(fields: LogFields): Logger {
    return new NestLoggerAdapter({ logger: this.nest, level: this.level }, { ...this.fields, ...fields });
  }

  private enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }

  /** The line's fields as one plain object, errors flattened, strings masked; the first error's stack apart. */
  private params(fields: LogFields | undefined): { params: Record<string, unknown>; stack?: string } {
    const params: Record<string, unknown> = {};
    let stack: string | undefined;
    for (const [key, value] of Object.entries({ ...this.fields, ...fields })) {
      if (value instanceof Error) {
        params[key] = maskSecrets(value.message);
        params[`${key}_name`] = value.name;
        stack ??= value.stack === undefined ? undefined : maskSecrets(value.stack);
      } else {
        params[key] = typeof value === 'string' ? maskSecrets(value) : value;
      }
    }
    return { params, stack };
  }
}

function envLevel(): LogLevel | undefined {
  const value = process.env.NECRO_LOG_LEVEL?.toLowerCase();
  return value !== undefined && value in RANK ? (value as LogLevel) : undefined;
}

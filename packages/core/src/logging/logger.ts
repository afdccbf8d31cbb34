/** Structured fields of a log line; by convention `event_id`, `event_type`, `organ`, `error`, `correlation_id`. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * What NecroStack logs through. Messages are constant; the details go in `fields`. Errors given as
 * `fields.error` are logged with their stack.
 *
 * @example
 * ```ts
 * const logger: Logger = createLogger({ level: 'debug' });
 * logger.child({ component: 'billing' }).info('Organ started', { organ: 'Billing' });
 * ```
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** True when debug lines are written: lets hot paths skip building fields. */
  isDebugEnabled(): boolean;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
  /** Resolves once every line written so far has been handed to the output. */
  flush?(): Promise<void>;
}

/** A logger that writes nothing. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  isDebugEnabled: () => false,
  child: () => silentLogger,
};

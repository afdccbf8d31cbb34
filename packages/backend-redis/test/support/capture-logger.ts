import type { LogFields, Logger } from '@necrostack/core';

/** A Logger that keeps every line as text (errors with message and stack), for assertions. */
export class CaptureLogger implements Logger {
  constructor(readonly lines: string[] = [], private readonly base: LogFields = {}) {}

  debug(message: string, fields?: LogFields): void { this.#write('debug', message, fields); }
  info(message: string, fields?: LogFields): void { this.#write('info', message, fields); }
  warn(message: string, fields?: LogFields): void { this.#write('warn', message, fields); }
  error(message: string, fields?: LogFields): void { this.#write('error', message, fields); }
  isDebugEnabled(): boolean { return true; }
  child(fields: LogFields): Logger { return new CaptureLogger(this.lines, { ...this.base, ...fields }); }

  get text(): string {
    return this.lines.join('\n');
  }

  #write(level: string, message: string, fields: LogFields = {}): void {
    this.lines.push(JSON.stringify({ level, message, ...this.base, ...fields }, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack, cause: value.cause } : value));
  }
}

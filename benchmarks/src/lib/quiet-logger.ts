import type { LogFields, Logger } from '@necrostack/core';

/**
 * A logger at the default level (info) that formats every line as the shipped JSON logger would but
 * keeps info lines off the terminal, so the progress bar and the tables stay readable. Warnings and
 * errors still reach stderr: a benchmark that logs them is measuring a failure.
 */
export function quietLogger(fields: LogFields = {}): Logger {
  const line = (level: string, message: string, extra?: LogFields) =>
    JSON.stringify({ ...fields, ...extra, level, message, timestamp: new Date().toISOString() }, replacer);
  return {
    debug: () => undefined,
    info: (message, extra) => { line('info', message, extra); },
    warn: (message, extra) => { process.stderr.write(`\n${line('warn', message, extra)}\n`); },
    error: (message, extra) => { process.stderr.write(`\n${line('error', message, extra)}\n`); },
    isDebugEnabled: () => false,
    child: (more) => quietLogger({ ...fields, ...more }),
    flush: () => Promise.resolve(),
  };
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { error: value.message, error_name: value.name } : value;
}

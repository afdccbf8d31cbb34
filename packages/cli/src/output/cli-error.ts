
/** Exit codes of `necro`: 0 success, 1 failure (or unhealthy), 2 bad usage, 130/143 forced by a second signal. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * An error the CLI reports as one line on stderr, then exits with `exitCode`.
 *
 * @example
 * ```ts
 * throw new CliError('Dead letter 1-0 not found in necrostack:events:dlq', { help: 'List them with `necro dlq list`.' });
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  readonly help: string | undefined;

  constructor(message: string, options: { exitCode?: number; help?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.help = options.help;
  }
}

/**
 * What `necro` prints for an error, with every password masked: one line — its message, the cause's
 * message when it adds something, and the fix-it hint (the error's, else its cause's). A cause whose
 * message has several lines (a compiler's code frame) follows on lines of its own, indented, without
 * any native backtrace, and the hint on a last `help:` line.
 *
 * @example
 * ```ts
 * process.stderr.write(`necro: ${describeForCli(error)}\n`);
 * ```
 */
export function describeForCli(error: unknown): string {
  // Loaded here, not at the top: `necro --help` should not pay for loading core.
  const { maskSecrets, NecroStackError } = require('@necrostack/core') as typeof import('@necrostack/core');
  if (!(error instanceof Error)) return maskSecrets(String(error));
  const helpOf = (e: unknown): string | undefined => (e instanceof CliError || e instanceof NecroStackError ? e.help : undefined);
  const help = helpOf(error) ?? helpOf(error.cause);
  const cause = error.cause instanceof Error ? withoutBacktrace(error.cause.message || error.cause.name) : undefined;
  if (cause !== undefined && cause.includes('\n')) {
    const lines = cause.replace(/\n\s*\n(\s*\n)+/g, '\n\n').split('\n').slice(0, MAX_CAUSE_LINES).map((line) => `  ${line}`.trimEnd());
    if (help) lines.push(`  help: ${help}`);
    return maskSecrets([error.message.trim(), ...lines].join('\n'));
  }
  let line = error.message;
  if (cause && !line.includes(cause)) line += `: ${cause}`;
  if (help) line += ` (${help})`;
  return maskSecrets(line.replace(/\s*\n\s*/g, ' '));
}

/** Lines of a cause's message printed at most. */
const MAX_CAUSE_LINES = 40;

/** The message without the native backtrace some addons append (SWC's "Stack backtrace:"). */
function withoutBacktrace(message: string): string {
  return message.split(/\n\s*Stack backtrace:/)[0]?.trim() ?? '';
}

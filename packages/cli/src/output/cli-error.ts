
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
 * The one line `necro` prints for an error: its message, the cause's message when it adds
 * something, and the fix-it hint, with every password masked.
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
  let line = error.message;
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  if (cause && !line.includes(cause)) line += `: ${cause}`;
  const help = error instanceof CliError || error instanceof NecroStackError ? error.help : undefined;
  if (help) line += ` (${help})`;
  return maskSecrets(line.replace(/\s*\n\s*/g, ' '));
}

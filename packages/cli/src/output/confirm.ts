import { createInterface } from 'node:readline/promises';
import { CliError, EXIT_USAGE } from './cli-error';

/**
 * Asks a yes/no question on the terminal; resolves true only for "y" or "yes". Without a terminal
 * (CI, a pipe) nobody can answer, so it refuses with a CliError telling to pass `--yes`.
 *
 * @example
 * ```ts
 * if (!flags.yes && !(await confirm('Delete 12 dead letters?'))) return;
 * ```
 */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CliError(`${question} No terminal to confirm on`, { exitCode: EXIT_USAGE, help: 'pass --yes to confirm' });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

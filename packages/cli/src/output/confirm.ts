import { createInterface } from 'node:readline';
import { CliError, EXIT_USAGE } from './cli-error';

/**
 * Asks a yes/no question (on stderr) and reads the answer: one line of stdin, typed on the terminal
 * or piped (`echo y | necro dlq purge`). Resolves true only for "y" or "yes"; any other line is a no.
 * When stdin ends before a line (CI, `< /dev/null`), nobody answered: it refuses rather than guess.
 *
 * @throws CliError (usage) when stdin ends without an answer, telling to pass `--yes`.
 * @example
 * ```ts
 * if (!flags.yes && !(await confirm('Delete 12 dead letters?'))) return;
 * ```
 */
export async function confirm(question: string): Promise<boolean> {
  process.stderr.write(`${question} [y/N] `);
  const answer = await firstLine(process.stdin);
  // A typed answer ends its line on the terminal; a piped one does not show.
  if (!process.stdin.isTTY) process.stderr.write('\n');
  if (answer === undefined) {
    throw new CliError(`${question} No answer: standard input ended`, { exitCode: EXIT_USAGE, help: 'answer y on stdin, or pass --yes' });
  }
  return /^y(es)?$/i.test(answer.trim());
}

/** The first line of `input`, or undefined when it ends first. Not a terminal-mode interface: Ctrl-C still interrupts. */
function firstLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const lines = createInterface({ input, terminal: false });
  return new Promise((resolve) => {
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => resolve(undefined));
  });
}

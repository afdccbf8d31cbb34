import { CommanderError } from 'commander';
import { createProgram } from '../program';
import { CliError, describeForCli, EXIT_FAILURE, EXIT_USAGE } from '../output/cli-error';

/** Entry point of the `necro` binary (bin/necro.js): runs the program, reports errors in one line. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander printed the message (or the help) already
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE;
    }
    process.stderr.write(`necro: ${describeForCli(error)}\n`);
    return error instanceof CliError ? error.exitCode : EXIT_FAILURE;
  }
}

// `necro dlq list | head`: the reader went away; nothing more to say.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

void main(process.argv).then((code) => {
  // Exit once stdout and stderr are drained, even if a library left a timer or socket behind.
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
});

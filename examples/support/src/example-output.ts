import { createLogger, type Logger } from '@necrostack/core';

/** The examples' logger: warnings and errors only, on stderr, so stdout stays the program's output. */
export function exampleLogger(): Logger {
  return createLogger({ stream: 'stderr', level: process.env.NECRO_LOG_LEVEL ? undefined : 'warn' });
}

/** Prints the machine-readable summary: one JSON object, the last line of stdout. */
export function printJsonSummary(summary: unknown): void {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/** Runs an example's main, turning a thrown error into one line on stderr and exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

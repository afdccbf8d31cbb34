#!/usr/bin/env node
/** The NestJS-style example's command line: a thin shell around runApp. See README.md. */
import { exampleLogger, parseExampleArgs, printJsonSummary, runMain } from '@necrostack/example-support';
import { runApp } from './run-app';
import { formatSummary } from './scenario/format-summary';

runMain(async () => {
  // --backend, else NECRO_BACKEND, else memory (parseExampleArgs and loadConfig agree on the order).
  const args = parseExampleArgs(process.argv.slice(2));
  const logger = exampleLogger();
  const summary = await runApp({ backend: args.backend, logger });
  await logger.flush?.();
  if (args.json) printJsonSummary(summary);
  else process.stdout.write(formatSummary(summary));
});

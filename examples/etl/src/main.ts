#!/usr/bin/env node
/** The ETL example's command line: a thin shell around runEtl. See README.md. */
import { exampleLogger, parseExampleArgs, printJsonSummary, runMain } from '@necrostack/example-support';
import { resolve } from 'node:path';
import { runEtl } from './etl';
import { formatSummary } from './summary/format-summary';

runMain(async () => {
  const args = parseExampleArgs(process.argv.slice(2));
  const logger = exampleLogger();
  const summary = await runEtl({ file: args.file && resolve(args.file), backend: args.backend, logger });
  await logger.flush?.();
  if (args.json) printJsonSummary(summary);
  else process.stdout.write(formatSummary(summary));
});

#!/usr/bin/env node
/** The order book's command line: a thin shell around runOrderBook. See README.md. */
import { exampleLogger, printJsonSummary, runMain } from '@necrostack/example-support';
import { parseCliArgs } from './cli-args';
import { runOrderBook } from './orderbook';
import { formatSummary } from './summary/print-summary';

runMain(async () => {
  const { json, options } = parseCliArgs(process.argv.slice(2));
  const logger = exampleLogger();
  const summary = await runOrderBook({ ...options, logger });
  await logger.flush?.();
  if (json) printJsonSummary(summary);
  else process.stdout.write(formatSummary(summary));
});

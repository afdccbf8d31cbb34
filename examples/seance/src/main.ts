#!/usr/bin/env node
/** The séance's command line: a thin shell around runSeance. See README.md. */
import { exampleLogger, parseExampleArgs, printJsonSummary, runMain } from '@necrostack/example-support';
import { runSeance } from './seance';
import { formatSummary } from './summary/format-summary';

runMain(async () => {
  const args = parseExampleArgs(process.argv.slice(2), { spirit: 'string', ritual: 'string', question: 'string' });
  const logger = exampleLogger();
  const text = (name: string) => args.extra[name] as string | undefined;
  const summary = await runSeance({
    spirit: text('spirit'), ritual: text('ritual'), question: text('question'), seed: args.seed, backend: args.backend, logger,
  });
  await logger.flush?.();
  if (args.json) printJsonSummary(summary);
  else process.stdout.write(formatSummary(summary));
});

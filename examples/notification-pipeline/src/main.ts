#!/usr/bin/env node
/** The demo's command line: a thin shell around runPipeline. See README.md. */
import { createLogger } from '@necrostack/core';
import { USAGE, UsageError, parseCliArgs } from './cli-args';
import { runPipeline } from './pipeline';
import { formatSummary } from './summary/print-summary';

async function main(argv: readonly string[]): Promise<void> {
  const args = parseCliArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Logs go to stderr so that stdout holds only the report (or, with --json, the JSON summary).
  const logger = createLogger({ stream: 'stderr', level: args.logLevel });
  const summary = await runPipeline({ file: args.file, directoryFile: args.directoryFile, backend: args.backend, logger, latencyMs: args.latencyMs });
  await logger.flush?.();
  process.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError ? `\n\n${USAGE}` : '';
  process.stderr.write(`notification-pipeline: ${error instanceof Error ? error.message : String(error)}${usage}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});

#!/usr/bin/env node
/** The service's command line: serve (API, worker, or both) or run the demo. See README.md. */
import { exampleLogger, printJsonSummary, runMain } from '@necrostack/example-support';
import { parseCliArgs } from './cli-args';
import { demoCommand } from './commands/demo.command';
import { serveCommand } from './commands/serve.command';
import { formatDemo } from './demo/format-demo';
import { traceOfFirstOrder } from './tracing/format-trace';
import { startTraceRecorder } from './tracing/trace-recorder';

runMain(async () => {
  const args = parseCliArgs(process.argv.slice(2));
  const logger = exampleLogger();
  if (!args.demo) {
    await serveCommand(args, logger);
  } else {
    const recorder = args.trace ? startTraceRecorder() : undefined;
    const summary = await demoCommand(args, logger);
    if (recorder) {
      process.stdout.write(traceOfFirstOrder(recorder.spans(), summary));
      await recorder.stop();
    }
    if (args.json) printJsonSummary(summary);
    else process.stdout.write(formatDemo(summary));
  }
  await logger.flush?.();
});

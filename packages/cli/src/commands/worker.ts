import { Command, Option } from 'commander';
import { connectionOptions, DEFAULT_WORKER_SHUTDOWN_TIMEOUT_MS, ENV, integer, organsOption } from '../config/env';
import type { WorkerConfig } from '../worker/run-worker';
import { TRACING_ENV } from '../worker/telemetry';
import { examples } from '../output/help';

/**
 * `necro worker`: loads the organ modules and runs a Spine on them until SIGTERM/SIGINT.
 *
 * @example
 * ```ts
 * program.addCommand(workerCommand());
 * ```
 */
export function workerCommand(): Command {
  const command = new Command('worker')
    .description('Run a worker: load your organ modules, process events until SIGTERM/SIGINT, then shut down gracefully')
    .addOption(organsOption('organ modules').env(ENV.organs).makeOptionMandatory())
    .addOption(new Option('--consumer-name <name>', 'this worker\'s consumer name (unique per process; default <hostname>-<pid>-<random>)').env(ENV.consumerName))
    .addOption(new Option('-c, --concurrency <n>', 'deliveries handled at once').env(ENV.concurrency).argParser(integer(1)))
    .addOption(new Option('--retry-attempts <n>', 'tries of a failing handler before its failure mode applies').env(ENV.retryAttempts).argParser(integer(1)))
    .addOption(new Option('--handler-timeout <ms>', 'how long an async handler may take before it fails (default 30000)').env(ENV.handlerTimeout).argParser(integer(1)))
    .addOption(new Option('--claim-min-idle <ms>', 'Redis: how long a delivery stays pending with a silent consumer before a live one takes it over (default 30000)')
      .env(ENV.claimMinIdle).argParser(integer(1)))
    .addOption(new Option('--ordering <mode>', 'Redis: per-key (one key\'s events one at a time, in order; the default with --partitions > 1) or none')
      .env(ENV.ordering).choices(['per-key', 'none']))
    .addOption(new Option('--health-port <port>', 'serve /healthz and /readyz on this port').env(ENV.healthPort).argParser(integer(0)))
    .addOption(new Option('--metrics-port <port>', 'serve /metrics (Prometheus), /healthz and /readyz on this port').env(ENV.metricsPort).argParser(integer(0)))
    .addOption(new Option('--tracing', `trace every delivery with OpenTelemetry; the SDK (npm install @opentelemetry/sdk-node) is set up by the OTEL_* variables`)
      .env(TRACING_ENV))
    .addOption(new Option('--shutdown-timeout <ms>', 'how long in-flight work may finish after SIGTERM').env(ENV.shutdownTimeout)
      .argParser(integer(0)).default(DEFAULT_WORKER_SHUTDOWN_TIMEOUT_MS));
  for (const option of connectionOptions()) command.addOption(option);
  return command
    .addHelpText('after', examples([
      "necro worker --organs 'dist/organs/*.js' --backend redis://redis:6379",
      'necro worker -o dist/billing.js -o dist/mailer.js --concurrency 8 --metrics-port 9464',
      "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 necro worker --organs 'dist/organs/*.js' --tracing",
      "NECRO_BACKEND=redis://:secret@redis:6379 NECRO_ORGANS='dist/organs/*.js' necro worker",
      "node -r @swc/register node_modules/.bin/necro worker --organs 'src/organs/*.ts'",
      '  # TypeScript without a build: needs @swc/register and a .swcrc with TypeScript syntax, legacy',
      '  # decorators and decoratorMetadata (docs/operations.md#typescript-without-a-build)',
      '',
      'Stops on SIGTERM/SIGINT: in-flight work finishes within --shutdown-timeout, the rest is handed',
      'back to other workers; exit 0. A second signal exits at once (130/143).',
    ]))
    .action(async (options: WorkerConfig) => {
      const { runWorker } = require('../worker/run-worker') as typeof import('../worker/run-worker');
      process.exitCode = await runWorker(options);
    });
}

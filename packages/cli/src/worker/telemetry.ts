import type { Logger } from '@necrostack/core';
import { CliError } from '../output/cli-error';

/** The variable that turns `--tracing` on (any value). */
export const TRACING_ENV = 'NECRO_TRACING';

/** The OpenTelemetry SDK a worker runs with `--tracing`. */
export interface WorkerTelemetry {
  /** Exports what is buffered and stops the SDK; a failure is logged, never thrown. */
  shutdown(): Promise<void>;
}

type NodeSdkModule = typeof import('@opentelemetry/sdk-node');

/**
 * Starts the OpenTelemetry Node SDK (`@opentelemetry/sdk-node`, installed beside the CLI), set up
 * by the standard variables alone: `OTEL_TRACES_EXPORTER` (`otlp` by default, `console`, `none`),
 * `OTEL_EXPORTER_OTLP_ENDPOINT` and `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_METRICS_EXPORTER`, `OTEL_PROPAGATORS` (W3C trace context by default) and
 * `OTEL_SERVICE_NAME` (default `necro-worker`). It registers the global tracer and meter providers,
 * the AsyncLocalStorage context manager and the propagator, which `@necrostack/opentelemetry` uses.
 *
 * @throws CliError when `@opentelemetry/sdk-node` is not installed.
 * @example
 * ```ts
 * const telemetry = startTelemetry(logger);
 * // … run the Spine with tracing() …
 * await telemetry.shutdown();
 * ```
 */
export function startTelemetry(logger: Logger): WorkerTelemetry {
  const { NodeSDK } = loadSdk();
  const sdk = new NodeSDK(process.env.OTEL_SERVICE_NAME ? {} : { serviceName: 'necro-worker' });
  sdk.start();
  logger.info('Tracing started', { traces_exporter: process.env.OTEL_TRACES_EXPORTER ?? 'otlp' });
  return {
    async shutdown() {
      try {
        await sdk.shutdown();
      } catch (error) {
        logger.warn('Could not flush the OpenTelemetry SDK', { error });
      }
    },
  };
}

function loadSdk(): NodeSdkModule {
  try {
    return require('@opentelemetry/sdk-node') as NodeSdkModule;
  } catch (error) {
    throw new CliError('--tracing needs the OpenTelemetry Node SDK, which is not installed', {
      cause: error, help: 'install it beside the CLI: npm install @opentelemetry/sdk-node',
    });
  }
}

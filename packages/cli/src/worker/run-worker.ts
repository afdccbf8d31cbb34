import type { Server } from 'node:http';
import { RedisBackend } from '@necrostack/backend-redis';
import { createLogger, maskSecrets, type Backend, type Logger } from '@necrostack/core';
import { traced, tracing } from '@necrostack/opentelemetry';
import { InstrumentedBackend, WorkerMetrics } from '@necrostack/prometheus';
import { openBackend } from '../config/backend';
import type { ConnectionFlags } from '../config/env';
import { closeServer, startProbeServer } from '../metrics/probe-server';
import { loadOrganModules } from '../organs/load-organ-modules';
import { buildSpine } from './build-spine';
import { onStopSignals, type StopSignal } from './signals';
import { startTelemetry } from './telemetry';

/** Extra time after the shutdown deadline for handing back deliveries and closing connections. */
export const CLOSE_MARGIN_MS = 5_000;

/** What `necro worker` runs with. */
export interface WorkerConfig extends ConnectionFlags {
  readonly organs: readonly string[];
  readonly consumerName?: string;
  readonly concurrency?: number;
  readonly retryAttempts?: number;
  readonly handlerTimeout?: number;
  readonly claimMinIdle?: number;
  readonly healthPort?: number;
  readonly metricsPort?: number;
  /** Trace every delivery with OpenTelemetry (the SDK set up by the `OTEL_*` variables). */
  readonly tracing?: boolean;
  readonly shutdownTimeout: number;
}

/**
 * Runs a worker until SIGTERM or SIGINT, then shuts down within the deadline: `spine.stop(deadline)`
 * (in-flight work finishes, the rest is handed back), `backend.close()`, logs flushed. Resolves
 * with the exit code: 0 after a clean shutdown, 1 when the Spine failed or the deadline was blown.
 *
 * @example
 * ```ts
 * process.exit(await runWorker({ organs: ['dist/organs/*.js'], backend: 'redis://…', stream: 'necrostack:events', consumerGroup: 'necrostack', shutdownTimeout: 25_000 }));
 * ```
 */
export async function runWorker(config: WorkerConfig, cwd = process.cwd()): Promise<number> {
  const logger = createLogger().child({ component: 'necro-worker' });
  await loadOrganModules(config.organs, cwd);
  const inner = openBackend(config, { consumerName: config.consumerName, claimMinIdleMs: config.claimMinIdle, logger });
  const redis = inner instanceof RedisBackend ? inner : undefined;
  const metrics = config.metricsPort === undefined ? undefined : new WorkerMetrics();
  const telemetry = config.tracing ? startTelemetry(logger) : undefined;
  const traceOptions = { destination: redis ? config.stream : undefined, metrics: true };
  const instrumented: Backend = metrics ? new InstrumentedBackend(inner, metrics) : inner;
  const backend = telemetry ? traced(instrumented, traceOptions) : instrumented;
  const spine = buildSpine(backend, {
    concurrency: config.concurrency, retryAttempts: config.retryAttempts, handlerTimeoutMs: config.handlerTimeout,
    shutdownTimeoutMs: config.shutdownTimeout,
    onHandlerFinished: metrics && ((timing) => metrics.onHandlerFinished(timing)),
    middleware: telemetry && [tracing(traceOptions)],
  }, logger);
  let stopping = false;
  metrics?.attach({ stats: () => spine.getStats(), backendMetrics: redis && (() => redis.metrics), health: redis && (() => redis.health()) });
  const probes = { isLive: () => !stopping, isReady: async () => !stopping && (redis ? (await redis.health()).healthy : true) };
  const servers: Server[] = [];
  try {
    if (config.metricsPort !== undefined) servers.push(await startProbeServer({ port: config.metricsPort, metrics: metrics?.registry, ...probes }));
    if (config.healthPort !== undefined && config.healthPort !== config.metricsPort) servers.push(await startProbeServer({ port: config.healthPort, ...probes }));
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    await inner.close();
    await telemetry?.shutdown();
    throw error;
  }

  let shutdown: Promise<number> | undefined;
  const stop = (signal: StopSignal | 'error'): Promise<number> => (shutdown ??= (async () => {
    stopping = true;
    logger.info('Worker stopping', { signal, shutdown_timeout_ms: config.shutdownTimeout });
    const forced = setTimeout(() => {
      logger.error('Shutdown deadline passed; exiting', { shutdown_timeout_ms: config.shutdownTimeout });
      void logger.flush?.().finally(() => process.exit(1));
    }, config.shutdownTimeout + CLOSE_MARGIN_MS);
    forced.unref();
    await spine.stop(config.shutdownTimeout);
    await inner.close();
    await Promise.all(servers.map(closeServer));
    await telemetry?.shutdown();
    logger.info('Worker stopped', { ...spine.getStats() });
    clearTimeout(forced);
    return signal === 'error' ? 1 : 0;
  })());
  const removeSignals = onStopSignals((signal) => void stop(signal), (signal) => logger.warn('Second signal; exiting now', { signal }));

  logStart(logger, config, redis);
  try {
    await spine.runForever(); // resolves once a signal's stop() ended the loop
  } catch (error) {
    logger.error('Worker failed', { error });
    void stop('error');
  }
  const code = await (shutdown ?? stop('error'));
  removeSignals();
  await logger.flush?.();
  return code;
}

function logStart(logger: Logger, config: WorkerConfig, redis: RedisBackend | undefined): void {
  logger.info('Worker starting', {
    backend: maskSecrets(config.backend), stream: config.stream, consumer: redis?.consumerName,
    concurrency: config.concurrency, metrics_port: config.metricsPort, health_port: config.healthPort, tracing: config.tracing === true,
  });
}

import type { Server } from 'node:http';
import { RedisBackend, type RedisOrdering } from '@necrostack/backend-redis';
import { BackendUnavailableError, createLogger, maskSecrets, type Backend, type Logger } from '@necrostack/core';
import { traced, tracing } from '@necrostack/opentelemetry';
import { InstrumentedBackend, WorkerMetrics } from '@necrostack/prometheus';
import { cannotConnect, openBackend } from '../config/backend';
import type { ConnectionFlags } from '../config/env';
import { closeServer, portOf, startProbeServer } from '../metrics/probe-server';
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
  /** Redis: `per-key` or `none` (see RedisBackend's `ordering`). */
  readonly ordering?: RedisOrdering;
  readonly healthPort?: number;
  readonly metricsPort?: number;
  readonly shutdownTimeout: number;
  /** OpenTelemetry spans and metrics of every delivery, exported as the `OTEL_*` variables say. */
  readonly tracing?: boolean;
}

/**
 * Runs a worker until SIGTERM or SIGINT, then shuts down within the deadline: `spine.stop(deadline)`
 * (in-flight work finishes, the rest is handed back), `backend.close()`, logs flushed. Resolves
 * with the exit code: 0 after a clean shutdown, 1 when the Spine failed or the deadline was blown.
 * The signal handlers are installed first thing: a signal while the worker is still starting
 * (loading organ modules, opening its probes) stops it before it takes anything, with exit code 0.
 * A Redis that is down is waited for.
 *
 * @throws CliError when the organ modules cannot be loaded, or Redis refuses the connection for a
 * reason no retry fixes (credentials, unknown host, TLS): then after a shutdown like any other.
 *
 * @example
 * ```ts
 * process.exit(await runWorker({ organs: ['dist/organs/*.js'], backend: 'redis://…', stream: 'necrostack:events', consumerGroup: 'necrostack', shutdownTimeout: 25_000 }));
 * ```
 */
export async function runWorker(config: WorkerConfig, cwd = process.cwd()): Promise<number> {
  const logger = createLogger().child({ component: 'necro-worker' });
  let early: StopSignal | undefined;
  let onStop = (signal: StopSignal): void => { early = signal; };
  const removeSignals = onStopSignals((signal) => onStop(signal), (signal) => logger.warn('Second signal; exiting now', { signal }));
  try {
    await loadOrganModules(config.organs, cwd);
    // Organ modules may load synchronously: let a signal that came meanwhile reach its handler.
    await new Promise((resolve) => setImmediate(resolve));
    if (early) return stoppedWhileStarting(logger, early);
    const worker = await startWorker(config, logger);
    if (early) {
      await worker.close();
      return stoppedWhileStarting(logger, early);
    }
    onStop = (signal) => void worker.stop(signal);
    return await worker.run();
  } finally {
    removeSignals();
    await logger.flush?.();
  }
}

function stoppedWhileStarting(logger: Logger, signal: StopSignal): number {
  logger.info('Worker stopped while starting; it took nothing', { signal });
  return 0;
}

/** A started worker: its backend and probes are open, its Spine not yet running. */
interface StartedWorker {
  /** Runs the Spine until {@link StartedWorker.stop}; resolves with the exit code. */
  run(): Promise<number>;
  stop(signal: StopSignal | 'error'): Promise<number>;
  /** Closes what was opened, for a worker stopped before it ran. */
  close(): Promise<void>;
}

async function startWorker(config: WorkerConfig, logger: Logger): Promise<StartedWorker> {
  const inner = openBackend(config, { consumerName: config.consumerName, claimMinIdleMs: config.claimMinIdle, ordering: config.ordering, logger });
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
  const close = async (): Promise<void> => {
    await inner.close();
    await Promise.all(servers.map(closeServer));
    await telemetry?.shutdown();
  };
  const ports: BoundPorts = {};
  const serve = async (port: number, withMetrics: boolean): Promise<number> => {
    const server = await startProbeServer({ port, metrics: withMetrics ? metrics?.registry : undefined, ...probes });
    servers.push(server);
    return portOf(server);
  };
  try {
    if (config.metricsPort !== undefined) ports.metrics = await serve(config.metricsPort, true);
    // The health port may be the metrics port; 0 ("any free port") always gets a server of its own.
    if (config.healthPort !== undefined) {
      ports.health = config.healthPort === config.metricsPort && config.healthPort !== 0 ? ports.metrics : await serve(config.healthPort, false);
    }
  } catch (error) {
    await close();
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
    await close();
    logger.info('Worker stopped', { ...spine.getStats() });
    clearTimeout(forced);
    return signal === 'error' ? 1 : 0;
  })());
  const run = async (): Promise<number> => {
    logStart(logger, config, redis, ports);
    // Alongside the Spine: a Redis that is down is waited for, but what no retry can fix
    // (credentials, host, TLS) stops the worker at once, as it fails every other command.
    let refused: BackendUnavailableError | undefined;
    redis?.connect().catch((error: unknown) => {
      if (!(error instanceof BackendUnavailableError) || !error.permanent) return;
      refused = error;
      logger.error('Cannot connect to Redis', { error });
      void stop('error');
    });
    try {
      await spine.runForever(); // resolves once a signal's stop() ended the loop
    } catch (error) {
      logger.error('Worker failed', { error });
      void stop('error');
    }
    const code = await (shutdown ?? stop('error'));
    if (refused) throw cannotConnect(config, refused);
    return code;
  };
  return { run, stop, close };
}

/** The ports the probe servers listen on (the one bound when the flag said 0). */
interface BoundPorts {
  metrics?: number;
  health?: number;
}

function logStart(logger: Logger, config: WorkerConfig, redis: RedisBackend | undefined, ports: BoundPorts): void {
  logger.info('Worker starting', {
    backend: maskSecrets(config.backend), stream: config.stream, consumer: redis?.consumerName,
    concurrency: config.concurrency, metrics_port: ports.metrics, health_port: ports.health, tracing: config.tracing === true,
  });
}

import type { Server } from 'node:http';
import { RedisBackend } from '@necrostack/backend-redis';
import { createLogger, maskSecrets, type Backend, type Logger } from '@necrostack/core';
import { openBackend } from '../config/backend';
import type { ConnectionFlags } from '../config/env';
import { InstrumentedBackend } from '../metrics/instrumented-backend';
import { closeServer, startProbeServer } from '../metrics/probe-server';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { loadOrganModules } from '../organs/load-organ-modules';
import { buildSpine } from './build-spine';
import { onStopSignals, type StopSignal } from './signals';

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
  readonly shutdownTimeout: number;
}

/**
 * Runs a worker until SIGTERM or SIGINT, then shuts down within the deadline: `spine.stop(deadline)`
 * (in-flight work finishes, the rest is handed back), `backend.close()`, logs flushed. Resolves
 * with the exit code: 0 after a clean shutdown, 1 when the Spine failed or the deadline was blown.
 * The signal handlers are installed first thing: a signal while the worker is still starting
 * (loading organ modules, opening its probes) stops it before it takes anything, with exit code 0.
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
  const inner = openBackend(config, { consumerName: config.consumerName, claimMinIdleMs: config.claimMinIdle, logger });
  const redis = inner instanceof RedisBackend ? inner : undefined;
  const metrics = config.metricsPort === undefined ? undefined : new WorkerMetrics();
  const backend: Backend = metrics ? new InstrumentedBackend(inner, metrics) : inner;
  const spine = buildSpine(backend, {
    concurrency: config.concurrency, retryAttempts: config.retryAttempts, handlerTimeoutMs: config.handlerTimeout,
    shutdownTimeoutMs: config.shutdownTimeout,
    onHandlerFinished: metrics && ((timing) => metrics.onHandlerFinished(timing)),
  }, logger);
  let stopping = false;
  metrics?.attach({ stats: () => spine.getStats(), backendMetrics: redis && (() => redis.metrics), health: redis && (() => redis.health()) });
  const probes = { isLive: () => !stopping, isReady: async () => !stopping && (redis ? (await redis.health()).healthy : true) };
  const servers: Server[] = [];
  const close = async (): Promise<void> => {
    await inner.close();
    await Promise.all(servers.map(closeServer));
  };
  try {
    if (config.metricsPort !== undefined) servers.push(await startProbeServer({ port: config.metricsPort, metrics: metrics?.registry, ...probes }));
    if (config.healthPort !== undefined && config.healthPort !== config.metricsPort) servers.push(await startProbeServer({ port: config.healthPort, ...probes }));
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
    logStart(logger, config, redis);
    try {
      await spine.runForever(); // resolves once a signal's stop() ended the loop
    } catch (error) {
      logger.error('Worker failed', { error });
      void stop('error');
    }
    return shutdown ?? stop('error');
  };
  return { run, stop, close };
}

function logStart(logger: Logger, config: WorkerConfig, redis: RedisBackend | undefined): void {
  logger.info('Worker starting', {
    backend: maskSecrets(config.backend), stream: config.stream, consumer: redis?.consumerName,
    concurrency: config.concurrency, metrics_port: config.metricsPort, health_port: config.healthPort,
  });
}

import type { Backend } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { RedisBackend } from '@necrostack/backend-redis';
import { NestLoggerAdapter, type NecroStackModuleOptions } from '@necrostack/nestjs';
import { InstrumentedBackend, type WorkerMetrics } from '@necrostack/prometheus';
import type { AppConfig } from './config/app-config';

/**
 * NecroStack's options from the configuration: the in-memory backend, or Redis by flag (logging
 * through Nest's logger like the Spine), wrapped so that every settlement feeds the metrics;
 * handler durations feed them too.
 */
export function necroStackOptions(config: AppConfig, metrics: WorkerMetrics): NecroStackModuleOptions {
  const backend: Backend = config.backend === 'memory'
    ? new InMemoryBackend()
    : new RedisBackend({ url: config.backend, streamKey: config.streamKey, logger: new NestLoggerAdapter() });
  return {
    backend: new InstrumentedBackend(backend, metrics),
    spine: { onHandlerFinished: (timing) => metrics.onHandlerFinished(timing) },
  };
}

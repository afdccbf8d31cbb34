import { Spine, type Backend } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { InjectBackend } from '@necrostack/nestjs';
import { InstrumentedBackend, WorkerMetrics } from '@necrostack/prometheus';
import { Controller, Get, Header, type OnModuleInit } from '@nestjs/common';

/** `GET /metrics`: the worker's Prometheus metrics (@necrostack/prometheus) in Nest's HTTP server. */
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(private readonly metrics: WorkerMetrics, private readonly spine: Spine, @InjectBackend() private readonly backend: Backend) {}

  /** The scrape-time gauges read the Spine's counters, and Redis's when the backend is Redis. */
  onModuleInit(): void {
    const inner = this.backend instanceof InstrumentedBackend ? this.backend.inner : this.backend;
    const redis = inner instanceof RedisBackend ? inner : undefined;
    this.metrics.attach({
      stats: () => this.spine.getStats(),
      ...(redis ? { backendMetrics: () => redis.metrics, health: () => redis.health() } : {}),
    });
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

import { WorkerMetrics } from '@necrostack/prometheus';
import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/**
 * The worker's metrics: one WorkerMetrics (its own prom-client registry) for the application,
 * exported so that the NecroStack options factory can instrument the backend with it.
 */
@Module({ providers: [{ provide: WorkerMetrics, useFactory: () => new WorkerMetrics() }], controllers: [MetricsController], exports: [WorkerMetrics] })
export class MetricsModule {}

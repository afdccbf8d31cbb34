/**
 * @necrostack/prometheus — Prometheus metrics of a NecroStack worker (prom-client): deliveries
 * handled, failed, released and dead-lettered, delivery and handler durations, and the backend's
 * groups, streams and dead letters at scrape time. `necro worker --metrics-port` serves them.
 */
export { WorkerMetrics, type MetricsSources } from './worker-metrics';
export { InstrumentedBackend, type SettlementObserver } from './instrumented-backend';
export type { BackendCounters, BackendHealthReport, GroupHealth } from './sources';

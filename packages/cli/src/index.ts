/**
 * @necrostack/cli — the `necro` command (bin/necro.js), and its building blocks for programs that
 * want the same behaviour: a worker with graceful shutdown, Prometheus metrics and probes.
 */
export { createProgram, CLI_VERSION } from './program';
export { runWorker, CLOSE_MARGIN_MS, type WorkerConfig } from './worker/run-worker';
export { loadOrganModules } from './organs/load-organ-modules';
export { startProbeServer, type ProbeServerOptions } from './metrics/probe-server';
export { inspectRedis, type StatusReport, type StreamStatus, type GroupStatus, type RedisValue } from './status/inspect-redis';
export type { GroupOwnership, LeaseStatus, MemberStatus } from './status/read-ownership';
export { inspectPostgres, type PostgresStatusReport, type PostgresGroupStatus, type PostgresConsumerStatus } from './status/inspect-postgres';
export { runForward } from './forward/run-forward';
export { CliError, describeForCli } from './output/cli-error';
export { ENV, DEFAULT_CLI_TIMEOUT_MS, DEFAULT_WORKER_SHUTDOWN_TIMEOUT_MS } from './config/env';
export { startDashboard, type DashboardOptions, type RunningDashboard } from './dashboard/start-dashboard';
export {
  DEFAULT_DASHBOARD_PORT, DEFAULT_DASHBOARD_HOST, DEFAULT_SAMPLE_INTERVAL_MS, DEFAULT_STALE_AFTER_MS, DEFAULT_HISTORY_LENGTH,
} from './dashboard/dashboard-defaults';
export type { DashboardConfig, ActionsState } from './dashboard/dashboard-api';
export type { Overview, OrganView, WorkerView, StreamView, ConsumerView, RatePoint, PartitionView, PartitionOrganView } from './dashboard/overview-model';

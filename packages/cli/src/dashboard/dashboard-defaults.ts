// Kept apart from the dashboard's code, so `necro --help` shows them without loading it.
/** Default `--port` of `necro dashboard`. */
export const DEFAULT_DASHBOARD_PORT = 8787;
/** Default `--host`: this machine only. */
export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';
/** Default `--interval`: time between two samples of Redis (ms). */
export const DEFAULT_SAMPLE_INTERVAL_MS = 2_000;
/** A worker that has not read for this long is no longer `active` (ms). */
export const DEFAULT_STALE_AFTER_MS = 30_000;
/** Samples the throughput chart keeps (5 minutes at the default interval). */
export const DEFAULT_HISTORY_LENGTH = 150;

/**
 * What the scrape-time gauges read from a backend, as plain shapes: `RedisBackend`'s `metrics` and
 * `health()` have them, and any backend that reports the same fields can feed the gauges.
 */

/** Counters a backend keeps since it was built. */
export interface BackendCounters {
  readonly reconnections: number;
  readonly pendingRecovered: number;
}

/** One consumer group of a stream, as a health check sees it. */
export interface GroupHealth {
  readonly name: string;
  readonly pending: number;
  /** Entries not yet delivered to the group; null when the backend cannot tell. */
  readonly lag: number | null;
}

/** A backend's health check. */
export interface BackendHealthReport {
  readonly healthy: boolean;
  readonly latencyMs: number;
  readonly details: {
    readonly deadLetters: number;
    readonly streams: readonly { readonly key: string; readonly length: number; readonly groups: readonly GroupHealth[] }[];
  };
}

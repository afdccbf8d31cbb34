import type { Backend } from '@necrostack/core';

/**
 * What the health indicator reports of a backend (its part of `NecroStackHealth`).
 *
 * @example
 * ```ts
 * const { latencyMs, pending, deadLetters }: BackendHealthSummary = (await indicator.isHealthy()).necrostack!;
 * ```
 */
export interface BackendHealthSummary {
  /** The backend's class, through the wrappers it is in: `RedisBackend`, `InstrumentedBackend(RedisBackend)`. */
  readonly backend: string;
  readonly healthy: boolean;
  /** How long the backend's own health check took; null for a backend without one. */
  readonly latencyMs: number | null;
  /** Deliveries handed out and not settled yet, over every group; null when the backend cannot tell. */
  readonly pending: number | null;
  /** Entries in the dead-letter store. */
  readonly deadLetters: number;
  /** Why the backend is unhealthy, when it said. */
  readonly error?: string;
}

/** The shape of `RedisBackend.health()`: any backend with a `health()` of this shape is asked. */
interface HealthReport {
  readonly healthy: boolean;
  readonly latencyMs: number;
  readonly details: {
    readonly deadLetters: number;
    readonly streams?: readonly { readonly groups: readonly { readonly pending: number }[] }[];
    readonly error?: string;
  };
}

interface Inspectable {
  health?: () => Promise<HealthReport>;
  /** The backend a wrapper (InstrumentedBackend) forwards to. */
  inner?: Backend;
}

/**
 * Asks the backend how it is: its `health()` when it has one (RedisBackend; a wrapper such as
 * InstrumentedBackend is looked through), else what every backend can tell — its dead-letter count —
 * with no latency and no pending count (the in-memory backend: nothing outside the process to fail).
 */
export async function backendHealth(backend: Backend): Promise<BackendHealthSummary> {
  const chain = wrapped(backend);
  const name = chain.map((b) => b.constructor.name).reduceRight((inner, outer) => `${outer}(${inner})`);
  const checked = chain.find((b) => typeof b.health === 'function');
  if (checked?.health === undefined) return { backend: name, healthy: true, latencyMs: null, pending: null, deadLetters: backend.deadLetters.size };
  const { healthy, latencyMs, details } = await checked.health();
  const pending = (details.streams ?? []).reduce((sum, stream) => sum + stream.groups.reduce((n, g) => n + g.pending, 0), 0);
  const error = details.error === undefined ? {} : { error: details.error };
  return { backend: name, healthy, latencyMs, pending, deadLetters: details.deadLetters, ...error };
}

/** The backend, then the backend it wraps, and so on. */
function wrapped(backend: Backend): (Backend & Inspectable)[] {
  const chain: (Backend & Inspectable)[] = [];
  for (let b: (Backend & Inspectable) | undefined = backend; b !== undefined && !chain.includes(b); b = b.inner) chain.push(b);
  return chain;
}

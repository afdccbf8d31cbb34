import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigurationError } from '../errors';
import type { HandlerMiddleware } from '../middleware/handler';
import { integerOption } from '../options/option-checks';
import { SagaCache } from './saga-cache';
import type { SagaStore } from './saga-store';

/** Options of {@link sagas}. */
export interface SagasOptions {
  /** Where saga instances live: `RedisBackend.sagas`, `PostgresBackend.sagas`, `new InMemorySagaStore()`, … */
  readonly store: SagaStore;
  /**
   * How many times a step is redone at once (state loaded again) when another delivery of the same
   * key saved first, before it fails with `SagaConflictError`. Default 10.
   */
  readonly maxConflictRetries?: number;
  /**
   * How long a completed instance is kept, so that late or redelivered events for it are
   * recognised and ignored instead of starting it again. Default 86,400,000 (24 hours).
   */
  readonly completedRetentionMs?: number;
  /**
   * How many instances this process remembers as it saved them, so that their next step skips the
   * load (one round trip instead of two). A stale entry costs a refused save and a redone step,
   * never a lost update. 0 turns it off. Default 1,000.
   */
  readonly cacheSize?: number;
}

/** The store and rules the steps of a Spine's sagas use. */
export interface SagaRuntime {
  readonly store: SagaStore;
  readonly maxConflictRetries: number;
  readonly completedRetentionMs: number;
  readonly cache: SagaCache;
}

/** Default of `sagas({ maxConflictRetries })`: a step redone at most 10 times after lost saves. */
export const DEFAULT_MAX_CONFLICT_RETRIES = 10;
/** Default of `sagas({ completedRetentionMs })`: completed instances kept 24 hours. */
export const DEFAULT_COMPLETED_RETENTION_MS = 86_400_000;
/** Default of `sagas({ cacheSize })`: 1,000 instances remembered per process as they were saved. */
export const DEFAULT_SAGA_CACHE_SIZE = 1_000;

// One storage per process, shared through globalThis like the organ registry, so a step defined
// with one copy of @necrostack/core finds the runtime installed by another.
const STORAGE_KEY = Symbol.for('necrostack:saga-runtime');

function storage(): AsyncLocalStorage<SagaRuntime> {
  const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<SagaRuntime> | undefined>;
  return (holder[STORAGE_KEY] ??= new AsyncLocalStorage<SagaRuntime>());
}

/**
 * The middleware that gives saga steps their store: put it in the Spine's `middleware` once, and
 * every `@Saga()` class among the organs loads and saves its instances there. Organs that are not
 * sagas pass through it untouched.
 * @throws ConfigurationError naming the invalid option.
 *
 * @example
 * ```ts
 * const backend = new RedisBackend({ url: 'redis://127.0.0.1:6379' });
 * const spine = new Spine({ organs: [OrderSaga], backend, middleware: [sagas({ store: backend.sagas })] });
 * ```
 */
export function sagas(options: SagasOptions): HandlerMiddleware {
  const runtime = resolveRuntime(options);
  const als = storage();
  return (next) => (event, context) => als.run(runtime, next, event, context);
}

/** The runtime the current step runs under, if a {@link sagas} middleware installed one. */
export function currentSagaRuntime(): SagaRuntime | undefined {
  return storage().getStore();
}

function resolveRuntime(options: SagasOptions): SagaRuntime {
  const store = options?.store;
  if (!store || typeof store.load !== 'function' || typeof store.save !== 'function') {
    throw new ConfigurationError('store', 'must be a SagaStore (load and save methods)', {
      help: 'Pass RedisBackend.sagas, new InMemorySagaStore() or your own SagaStore.',
    });
  }
  return {
    store,
    maxConflictRetries: integerOption('maxConflictRetries', options.maxConflictRetries ?? DEFAULT_MAX_CONFLICT_RETRIES, 0),
    completedRetentionMs: integerOption('completedRetentionMs', options.completedRetentionMs ?? DEFAULT_COMPLETED_RETENTION_MS, 1),
    cache: new SagaCache(integerOption('cacheSize', options.cacheSize ?? DEFAULT_SAGA_CACHE_SIZE, 0)),
  };
}

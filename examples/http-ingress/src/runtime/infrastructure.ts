import { InMemoryBackend } from '@necrostack/backend-memory';
import { RedisBackend } from '@necrostack/backend-redis';
import type { Backend, Logger } from '@necrostack/core';
import type { HealthReport } from '../http/health.route';
import { InMemoryOrderStatusStore } from '../store/in-memory-order-status-store';
import type { OrderStatusStore } from '../store/order-status';
import { RedisOrderStatusStore } from '../store/redis-order-status-store';
import { deleteKeys } from '@necrostack/example-support';
import { traced } from '@necrostack/opentelemetry';

/** Options of {@link openInfrastructure}. */
export interface InfrastructureOptions {
  /** `memory` or a `redis://` / `rediss://` URL. */
  readonly backend: string;
  /** The Redis stream every process of the service shares; the status keys derive from it. */
  readonly streamKey: string;
  readonly logger: Logger;
  /** Delete every `<streamKey>*` key on close: for runs whose stream is their own (tests, the demo). */
  readonly deleteKeysOnClose?: boolean;
}

/** The backend and the status store of one process, opened together and closed together. */
export interface Infrastructure {
  readonly kind: 'memory' | 'redis';
  readonly backend: Backend;
  readonly store: OrderStatusStore;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

/**
 * Memory: an InMemoryBackend and an in-process status store (API and worker must share the process).
 * Redis: a RedisBackend on `streamKey` and a Redis status store, so the API and the workers may be
 * separate processes on separate machines.
 */
export function openInfrastructure(options: InfrastructureOptions): Infrastructure {
  if (options.backend === 'memory') {
    const backend = traced(new InMemoryBackend());
    const store = new InMemoryOrderStatusStore();
    return {
      kind: 'memory',
      backend,
      store,
      health: async () => ({ healthy: true, backend: 'memory' }),
      close: async () => {
        await backend.close();
        await store.close();
      },
    };
  }
  const { backend: url, streamKey, logger } = options;
  const backend = traced(new RedisBackend({ url, streamKey, logger }));
  const store = new RedisOrderStatusStore({ url, streamKey });
  return {
    kind: 'redis',
    backend,
    store,
    health: async () => ({ backend: 'redis', ...(await backend.health()) }),
    close: async () => {
      await backend.close();
      await store.close();
      if (!options.deleteKeysOnClose) return;
      // Cleanup must never hide the run's own error (an unreachable Redis fails both).
      await deleteKeys(url, streamKey).catch((error: unknown) => {
        logger.warn('Could not delete the example keys', { stream_key: streamKey, error });
      });
    },
  };
}

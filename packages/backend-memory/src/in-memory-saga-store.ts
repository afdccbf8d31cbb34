import { ConfigurationError, NecroStackError, type SagaStore, type StoredSaga } from '@necrostack/core';

/** Default bound of {@link InMemorySagaStore}: live instances held at most. */
export const DEFAULT_SAGA_STORE_SIZE = 100_000;

/** Options of {@link InMemorySagaStore}. */
export interface InMemorySagaStoreOptions {
  /** Instances held at most; a new one past it is refused (error code `NECRO_SAGA_STORE_FULL`) (expired ones are dropped first). Default 100,000. */
  readonly maxInstances?: number;
}

interface Held extends StoredSaga {
  /** Epoch ms after which the instance is gone; Infinity when it does not expire. */
  readonly expiresAt: number;
}

/**
 * Saga instances in process memory, for tests and single-process apps (gone when the process
 * ends). Same rules as the durable stores: a save names the version it read and is refused after
 * a concurrent write; completed instances expire.
 *
 * @example
 * ```ts
 * const spine = new Spine({ organs: [OrderSaga], backend: new InMemoryBackend(), middleware: [sagas({ store: new InMemorySagaStore() })] });
 * ```
 */
export class InMemorySagaStore implements SagaStore {
  readonly #instances = new Map<string, Held>();
  readonly #maxInstances: number;

  /** @throws ConfigurationError when `maxInstances` is not a positive integer. */
  constructor(options: InMemorySagaStoreOptions = {}) {
    const max = options.maxInstances ?? DEFAULT_SAGA_STORE_SIZE;
    if (!Number.isSafeInteger(max) || max < 1) throw new ConfigurationError('maxInstances', `must be a positive integer, got ${String(max)}`);
    this.#maxInstances = max;
  }

  /** Instances held now (expired ones included until they are dropped). */
  get size(): number {
    return this.#instances.size;
  }

  async load(saga: string, key: string): Promise<StoredSaga | undefined> {
    const held = this.#live(instanceKey(saga, key));
    return held && { version: held.version, data: held.data };
  }

  async save(saga: string, key: string, expectedVersion: number, data: string, ttlMs?: number): Promise<boolean> {
    const id = instanceKey(saga, key);
    const held = this.#live(id);
    if ((held?.version ?? 0) !== expectedVersion) return false;
    if (!held && this.#instances.size >= this.#maxInstances) this.#dropExpired();
    if (!held && this.#instances.size >= this.#maxInstances) {
      throw new NecroStackError('NECRO_SAGA_STORE_FULL', `InMemorySagaStore is full: it holds ${this.#maxInstances} saga instances (maxInstances)`, {
        help: 'Complete instances (saga.complete()) so they expire, or raise maxInstances.',
      });
    }
    this.#instances.set(id, { version: expectedVersion + 1, data, expiresAt: ttlMs === undefined ? Infinity : Date.now() + ttlMs });
    return true;
  }

  #live(id: string): Held | undefined {
    const held = this.#instances.get(id);
    if (held && held.expiresAt <= Date.now()) {
      this.#instances.delete(id);
      return undefined;
    }
    return held;
  }

  #dropExpired(): void {
    const now = Date.now();
    for (const [id, held] of this.#instances) if (held.expiresAt <= now) this.#instances.delete(id);
  }
}

function instanceKey(saga: string, key: string): string {
  return `${saga}\u0000${key}`;
}

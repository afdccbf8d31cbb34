/**
 * One saga instance as a store keeps it: an opaque JSON document and its version.
 * @example
 * ```ts
 * const stored: StoredSaga = { version: 3, data: '{"state":{"paid":true}}' };
 * ```
 */
export interface StoredSaga {
  /** Counts the writes: 1 after the first save, +1 with each save after it. */
  readonly version: number;
  /** The instance's document (JSON text), as the last save wrote it. */
  readonly data: string;
}

/**
 * Where sagas keep their instances, one per saga name and correlation key, with optimistic
 * concurrency: a save names the version it read, and is refused when another write came first.
 * `InMemorySagaStore` (`@necrostack/backend-memory`), `RedisBackend.sagas`
 * (`@necrostack/backend-redis`) and `PostgresBackend.sagas` (`@necrostack/backend-postgres`) implement it; give one to {@link sagas}.
 *
 * @example
 * ```ts
 * const stored = await store.load('OrderSaga', 'A-1');
 * const written = await store.save('OrderSaga', 'A-1', stored?.version ?? 0, JSON.stringify(doc));
 * if (!written) {
 *   // another delivery saved first: load again and redo the step
 * }
 * ```
 */
export interface SagaStore {
  /** The instance of `saga` for `key`, or undefined when there is none (or it expired). */
  load(saga: string, key: string): Promise<StoredSaga | undefined>;
  /**
   * Writes `data` as version `expectedVersion + 1` if the stored version is `expectedVersion`
   * (0: nothing stored); resolves false, writing nothing, when it is not. With `ttlMs` the
   * instance expires that long after the write (completed instances); without, it is kept.
   */
  save(saga: string, key: string, expectedVersion: number, data: string, ttlMs?: number): Promise<boolean>;
}

import type { SagaStore, StoredSaga } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { RedisKeys } from '../redis-keys';
import { SAGA_SAVE_SCRIPT } from '../scripts/saga-save.script';
import { ScriptCalls } from '../scripts/lua-script';
import { toUnavailable } from '../translate-error';

/**
 * Saga instances in Redis, one hash per instance (`<streamKey>:saga:<saga>:<key>`, fields
 * `version` and `data`), in the backend's own connection and Cluster slot. A save is one script:
 * it writes only over the version the step read. Completed instances expire (`PEXPIRE`).
 * Get it as `RedisBackend.sagas`.
 *
 * @example
 * ```ts
 * const backend = new RedisBackend({ url: 'redis://127.0.0.1:6379' });
 * const spine = new Spine({ organs: [OrderSaga], backend, middleware: [sagas({ store: backend.sagas })] });
 * ```
 */
export class RedisSagaStore implements SagaStore {
  /** @internal Built by RedisBackend. */
  constructor(
    private readonly keys: RedisKeys,
    private readonly connection: RedisConnection,
  ) {}

  /** @throws BackendUnavailableError when Redis cannot be reached. */
  async load(saga: string, key: string): Promise<StoredSaga | undefined> {
    const [reply] = await this.#run('saga load', [['HMGET', this.keys.sagaKey(saga, key), 'version', 'data']]);
    const [version, data] = reply as [string | null, string | null];
    if (version === null || data === null) return undefined;
    return { version: Number(version), data };
  }

  /** @throws BackendUnavailableError when Redis cannot be reached (the write may or may not have been made). */
  async save(saga: string, key: string, expectedVersion: number, data: string, ttlMs?: number): Promise<boolean> {
    const call = new ScriptCalls().call(SAGA_SAVE_SCRIPT, [this.keys.sagaKey(saga, key)], [String(expectedVersion), data, ttlMs === undefined ? '' : String(ttlMs)]);
    const [written] = await this.#run('saga save', [call]);
    return Number(written) === 1;
  }

  async #run(action: string, commands: Parameters<RedisConnection['pipeline']>[0]): Promise<unknown[]> {
    try {
      return await this.connection.pipeline(commands);
    } catch (error) {
      throw toUnavailable(action, error);
    }
  }
}

import type { SagaStore, StoredSaga } from '@necrostack/core';
import type { Database } from '../connection/database';
import type { PostgresTables } from '../schema/postgres-tables';

/**
 * Saga instances in PostgreSQL, one row of `sagas` per saga and correlation key (`version`,
 * `data`, `expires_at`), in the backend's schema and pool. A save is one statement that writes only
 * over the version the step read: an insert, or on conflict an update guarded by that version, so
 * of two concurrent saves of one version exactly one succeeds. An expired row counts as absent
 * (version 0) and retention deletes it. Get it as `PostgresBackend.sagas`.
 *
 * @example
 * ```ts
 * const backend = new PostgresBackend({ connectionString: process.env.DATABASE_URL });
 * const spine = new Spine({ organs: [OrderSaga], backend, middleware: [sagas({ store: backend.sagas })] });
 * ```
 */
export class PostgresSagaStore implements SagaStore {
  readonly #loadSql: string;
  readonly #saveSql: string;

  /** @internal Built by PostgresBackend. */
  constructor(private readonly db: Database, tables: PostgresTables, private readonly ready: () => Promise<void>) {
    this.#loadSql = `SELECT version::text, data FROM ${tables.sagas}
      WHERE saga = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > now())`;
    this.#saveSql = `INSERT INTO ${tables.sagas} AS s (saga, key, version, data, expires_at)
      VALUES ($1, $2, $3::bigint + 1, $4, now() + $5::float8 * interval '1 millisecond')
      ON CONFLICT (saga, key) DO UPDATE SET version = excluded.version, data = excluded.data, expires_at = excluded.expires_at, updated_at = now()
      WHERE CASE WHEN s.expires_at <= now() THEN 0 ELSE s.version END = $3::bigint`;
  }

  /** @throws BackendUnavailableError when PostgreSQL cannot be reached. */
  async load(saga: string, key: string): Promise<StoredSaga | undefined> {
    await this.ready();
    const [row] = await this.db.query<{ version: string; data: string }>('saga load', this.#loadSql, [saga, key]);
    return row && { version: Number(row.version), data: row.data };
  }

  /** @throws BackendUnavailableError when PostgreSQL cannot be reached (the write may or may not have been made). */
  async save(saga: string, key: string, expectedVersion: number, data: string, ttlMs?: number): Promise<boolean> {
    await this.ready();
    return (await this.db.execute('saga save', this.#saveSql, [saga, key, expectedVersion, data, ttlMs ?? null])) === 1;
  }
}

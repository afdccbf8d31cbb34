import type { Logger } from '@necrostack/core';
import type { PoolClient } from 'pg';
import type { Database } from '../connection/database';
import { literal, type PostgresTables } from './postgres-tables';
import { MIGRATIONS } from './migrations';

/** The advisory-lock class of migrations (the key is the schema's hash): "NS" in ASCII. */
const MIGRATION_LOCK_CLASS = 0x4e53;
const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the schema to the latest version on first use, once per backend: a quick check without a
 * lock when it is current, otherwise every missing migration in one transaction under an advisory
 * lock, so that workers starting together apply each migration exactly once.
 */
export class Migrator {
  #done: Promise<void> | undefined;

  constructor(private readonly db: Database, private readonly tables: PostgresTables, private readonly logger: Logger) {}

  /** Resolves once the schema is current; a failure is retried by the next call. */
  ensure(): Promise<void> {
    this.#done ??= this.#migrate().catch((error: unknown) => {
      this.#done = undefined;
      throw error;
    });
    return this.#done;
  }

  async #migrate(): Promise<void> {
    if ((await this.#currentVersion()) >= LATEST) return;
    await this.db.transaction('schema migration', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, this.tables.schemaName]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.tables.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.tables.migrations} (
        version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await this.#apply(client);
    });
  }

  async #apply(client: PoolClient): Promise<void> {
    const { rows } = await client.query<{ version: number }>(`SELECT coalesce(max(version), 0)::int AS version FROM ${this.tables.migrations}`);
    const current = rows[0]!.version;
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query(migration.sql(this.tables));
      await client.query(`INSERT INTO ${this.tables.migrations} (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
      this.logger.info('Applied schema migration', { schema: this.tables.schemaName, version: migration.version });
    }
  }

  async #currentVersion(): Promise<number> {
    const [row] = await this.db.query<{ present: boolean }>('schema check',
      `SELECT to_regclass(${literal(this.tables.migrations)}) IS NOT NULL AS present`);
    if (!row?.present) return 0;
    const [version] = await this.db.query<{ version: number }>('schema check', `SELECT coalesce(max(version), 0)::int AS version FROM ${this.tables.migrations}`);
    return version?.version ?? 0;
  }
}

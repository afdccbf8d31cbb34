import { randomBytes } from 'node:crypto';
import { silentLogger } from '@necrostack/core';
import { PostgresBackend, type PostgresBackendOptions } from '@necrostack/backend-postgres';
import { Pool } from 'pg';

/** The PostgreSQL the integration tests use (trust auth on 127.0.0.1 in CI). */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** A schema name no other test uses. */
export function uniqueSchema(): string {
  return `necro_test_${randomBytes(6).toString('hex')}`;
}

/**
 * One test's schema: backends on it, a raw pool for checks, and the drop of the schema at the end.
 * @example
 * ```ts
 * const env = new SchemaEnv();
 * afterEach(() => env.cleanup());
 * const backend = env.backend({ maxDeliveries: 2 });
 * ```
 */
export class SchemaEnv {
  readonly schema = uniqueSchema();
  readonly pool = new Pool({ connectionString: POSTGRES_URL, max: 3 });
  readonly #backends: PostgresBackend[] = [];

  backend(options: PostgresBackendOptions = {}): PostgresBackend {
    const backend = new PostgresBackend({
      connectionString: POSTGRES_URL, schema: this.schema, logger: silentLogger, claimMinIdleMs: 1_000, ...options,
    });
    this.#backends.push(backend);
    return backend;
  }

  /** Rows of a query on this schema's tables (`$schema` is replaced by the quoted schema). */
  async rows<R extends object>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query(sql.replace(/\$schema/g, `"${this.schema}"`), values)).rows as R[];
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.#backends.map((b) => b.close()));
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.pool.end();
  }
}

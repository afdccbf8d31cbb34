import type { Logger } from '@necrostack/core';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { ResolvedPostgresOptions } from '../options/resolve-options';
import { CheckedOut } from './checked-out';
import { sanitize, toUnavailable } from './translate-error';

/** Anything that runs a statement: the pool, one of its clients, or a caller's client in a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * The backend's connections: the pool it built from `connectionString` (and ends on close), or the
 * caller's pool (which it never ends). Every failure leaves as a NecroStackError.
 */
export class Database {
  readonly pool: Pool;
  readonly #owned: boolean;
  readonly #onError: (error: Error) => void;

  constructor(options: Pick<ResolvedPostgresOptions, 'pool' | 'connectionString' | 'poolSize'>, logger: Logger) {
    this.#owned = options.pool === undefined;
    this.pool = options.pool ?? new Pool({ connectionString: options.connectionString, max: options.poolSize });
    // An idle client that loses its connection (a server restart) emits 'error' on the pool:
    // unhandled, it would end the process. The pool drops the client and opens a new one on demand.
    this.#onError = (error) => logger.warn('An idle PostgreSQL connection failed', { error: sanitize(error) });
    this.pool.on('error', this.#onError);
  }

  /** Runs one statement on a pooled connection. @throws BackendUnavailableError naming `action`. */
  async query<R extends QueryResultRow = QueryResultRow>(action: string, text: string, values?: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw toUnavailable(action, error);
    }
  }

  /**
   * Runs one statement as a named prepared statement: each connection parses it once and then only
   * binds and executes it (for the statements a worker runs on every batch). The name must be
   * unique per text on a pool: include the schema.
   * @throws BackendUnavailableError naming `action`.
   */
  async prepared<R extends QueryResultRow = QueryResultRow>(action: string, name: string, text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>({ name, text, values })).rows;
    } catch (error) {
      throw toUnavailable(action, error);
    }
  }

  /** Runs one statement on a pooled connection; resolves with how many rows it changed. */
  async execute(action: string, text: string, values?: unknown[]): Promise<number> {
    try {
      return (await this.pool.query(text, values)).rowCount ?? 0;
    } catch (error) {
      throw toUnavailable(action, error);
    }
  }

  /** Runs `work` in a transaction on one pooled connection; rolls back when it throws (see {@link CheckedOut}). */
  async transaction<T>(action: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    let held: CheckedOut;
    try {
      held = new CheckedOut(await this.pool.connect());
    } catch (error) {
      throw toUnavailable(action, error);
    }
    try {
      await held.client.query('BEGIN');
      const result = await work(held.client);
      await held.client.query('COMMIT');
      return result;
    } catch (error) {
      await held.rollback();
      throw toUnavailable(action, error);
    } finally {
      held.release();
    }
  }

  /** A connection of its own, for LISTEN; the caller releases it. */
  async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw toUnavailable('connect', error);
    }
  }

  async close(): Promise<void> {
    this.pool.off('error', this.#onError);
    if (this.#owned) await this.pool.end();
  }
}

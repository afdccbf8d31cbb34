import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** The PostgreSQL the benchmarks use. */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** What one PostgreSQL throughput run measured. */
export interface PostgresRun {
  readonly eventsPerSecond: number;
  /** WAL the server wrote over the run (`pg_current_wal_lsn()` before and after), bytes per event. */
  readonly walBytesPerEvent: number;
  /** Peak RSS of the worker processes, MB (mean over the workers). */
  readonly workerRssMb?: number;
}

/** A schema name of its own for one run. */
export function uniqueSchema(): string {
  return `necro_bench_${randomBytes(5).toString('hex')}`;
}

/** Runs `work` with a small pool of its own, ended afterwards. */
export async function withPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: POSTGRES_URL, max: 2 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/** How many deliveries of the schema are left (not yet acked). */
export async function deliveriesLeft(pool: Pool, schema: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".deliveries`);
  return rows[0]?.n ?? 0;
}

/** Times `body` (which moves `events` events end to end) and the WAL written meanwhile. */
export async function measurePostgresRun(pool: Pool, events: number, body: () => Promise<void>): Promise<PostgresRun> {
  const lsn = async (): Promise<string> => (await pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  const before = await lsn();
  const started = process.hrtime.bigint();
  await body();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { rows } = await pool.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::text AS bytes', [before]);
  return { eventsPerSecond: events / seconds, walBytesPerEvent: Number(rows[0]!.bytes) / events };
}

/** Drops a run's schema. */
export function dropSchema(schema: string): Promise<void> {
  return withPool(async (pool) => { await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); });
}

// `node benchmarks/dist/postgres/table-churn.js [events]`: moves `events` (50,000) events through a
// PostgresBackend and one Spine in this process, then prints what the tables' statistics say of the
// churn — updates done in place (HOT), dead tuples left for autovacuum — and after `maintain()`.
import { Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { quietLogger } from '../lib/quiet-logger';
import { POSTGRES_URL, dropSchema, uniqueSchema, withPool } from './postgres-info';

@Organ({ name: 'Churn' })
@ListensTo('CHURN')
class Churn {
  async handle(): Promise<void> {}
}

interface TableStats { relname: string; n_live_tup: string; n_dead_tup: string; n_tup_upd: string; n_tup_hot_upd: string; n_tup_del: string }

async function stats(schema: string): Promise<TableStats[]> {
  return withPool(async (pool) => {
    const { rows } = await pool.query<TableStats>(
      `SELECT relname, n_live_tup, n_dead_tup, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
       WHERE schemaname = $1 AND relname IN ('events', 'deliveries') ORDER BY relname`, [schema]);
    return rows;
  });
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 50_000);
  const schema = uniqueSchema();
  const logger = quietLogger();
  // Closed before each reading: sessions report their statistics when they end.
  const open = () => new PostgresBackend({ connectionString: POSTGRES_URL, schema, logger, retention: { handledMs: 0, intervalMs: 0 } });
  try {
    const backend = open();
    const spine = new Spine({ organs: [new Churn()], backend, logger, maxSteps: events + 1 });
    await backend.subscribe([{ group: 'Churn', eventTypes: ['CHURN'] }]);
    for (let i = 0; i < events; i += 1_000) await backend.enqueue(Array.from({ length: Math.min(1_000, events - i) }, (_, n) => new Event('CHURN', { n })));
    await spine.run();
    await backend.close();
    console.log(`after ${events} events enqueued, handled and acked:`);
    console.table(await stats(schema));
    const maintainer = open();
    console.log('maintain():', await maintainer.maintain());
    await maintainer.close();
    console.table(await stats(schema));
  } finally {
    await dropSchema(schema);
  }
}

void main();

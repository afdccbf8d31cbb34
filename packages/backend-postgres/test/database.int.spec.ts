import { BackendUnavailableError, silentLogger } from '@necrostack/core';
import { waitFor } from '@necrostack/testkit';
import { Pool } from 'pg';
import { Database } from '../src/connection/database';
import { resolveOptions } from '../src/options/resolve-options';
import { POSTGRES_URL } from './support/postgres-test-env';

describe('Database.transaction', () => {
  it('fails the transaction, rather than the process, when its connection is cut while it runs', async () => {
    const db = new Database(resolveOptions({ connectionString: POSTGRES_URL }), silentLogger);
    const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
    try {
      const failure = await db.transaction('cut', async (client) => {
        const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        // Idle between statements, as a transaction is while its work computes: the cut arrives as an 'error' event.
        await waitFor(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length === 0, 'the backend to end', 5_000);
        await client.query('SELECT 1');
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BackendUnavailableError);
      expect(await db.query('after', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});

// A connection cut (a server restart, pg_terminate_backend) while a pooled client is held for a
// transaction fails that transaction, never the process.
import { BackendUnavailableError, Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger, type HandlerContext } from '@necrostack/core';
import { transactional, transactionOf } from '@necrostack/backend-postgres';
import { waitFor } from '@necrostack/testkit';
import { Pool, type PoolClient } from 'pg';
import { Database } from '../src/connection/database';
import { resolveOptions } from '../src/options/resolve-options';
import { POSTGRES_URL, SchemaEnv } from './support/postgres-test-env';

/** Ends the server session of `client` from another connection, and waits until it is gone. */
async function cut(admin: Pool, client: PoolClient): Promise<void> {
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  // Idle between statements, as a transaction is while its work computes: the cut arrives as an 'error' event.
  await waitFor(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length === 0, 'the session to end', 5_000);
}

/** Has its transaction's connection cut on its first delivery; records the deliveries that got through. */
@Organ({ name: 'Ledger' })
@ListensTo('PAYMENT')
class Ledger {
  readonly done: number[] = [];
  constructor(private readonly admin: Pool) {}

  async handle(_event: Event, context: HandlerContext): Promise<void> {
    if (context.attempt === 1) await cut(this.admin, transactionOf(context));
    await transactionOf(context).query('SELECT 1');
    this.done.push(context.attempt);
  }
}

describe('a connection cut while a transaction holds it', () => {
  const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
  afterAll(() => admin.end());

  it('fails Database.transaction with BackendUnavailableError, and the pool goes on', async () => {
    const db = new Database(resolveOptions({ connectionString: POSTGRES_URL }), silentLogger);
    try {
      const failure = await db.transaction('cut', async (client) => {
        await cut(admin, client);
        await client.query('SELECT 1');
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BackendUnavailableError);
      expect(await db.query('after', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('fails that delivery of a transactional() handler, which is delivered again and commits', async () => {
    const env = new SchemaEnv();
    try {
      const backend = env.backend();
      const ledger = new Ledger(admin);
      const spine = new Spine({
        organs: [ledger], backend, logger: silentLogger, middleware: [transactional(backend)],
        handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1,
      });
      await spine.publish(new Event('PAYMENT', {}));
      const running = spine.runForever();
      try {
        await waitFor(() => ledger.done.length === 1, 'the second delivery to commit', 20_000);
      } finally {
        await spine.stop();
        await running;
      }
      expect(ledger.done).toEqual([2]);
      expect(await env.rows(`SELECT group_name FROM $schema.completions`)).toEqual([{ group_name: 'Ledger' }]);
    } finally {
      await env.cleanup();
    }
  });
});

import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { SchemaEnv } from './support/postgres-test-env';

@Organ({ name: 'Confirmation' })
@ListensTo('ORDER_PLACED')
class Confirmation {
  readonly confirmed: unknown[] = [];
  handle(event: Event): void {
    this.confirmed.push(event.payload.orderId);
  }
}

describe('PostgresBackend as a transactional outbox: enqueue(events, { client })', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  async function placeOrder(orderId: string, outcome: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const backend = env.backend();
    await env.rows('CREATE TABLE IF NOT EXISTS $schema.orders (id text PRIMARY KEY)');
    const client = await env.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO "${env.schema}".orders (id) VALUES ($1)`, [orderId]);
      await backend.enqueue(new Event('ORDER_PLACED', { orderId }), { client });
      await client.query(outcome);
    } finally {
      client.release();
    }
  }

  it('delivers the events of a committed transaction, with its business row, and never those of a rolled-back one', async () => {
    const confirmation = new Confirmation();
    const worker = env.backend();
    const spine = new Spine({ organs: [confirmation], backend: worker, logger: silentLogger });
    await spine.run(); // subscribes the group before any order is placed

    await placeOrder('A-1', 'ROLLBACK');
    await placeOrder('A-2', 'COMMIT');
    await spine.run();

    expect(confirmation.confirmed).toEqual(['A-2']);
    expect(await env.rows('SELECT id FROM $schema.orders')).toEqual([{ id: 'A-2' }]);
    const events = await env.rows<{ body: string }>('SELECT body FROM $schema.events');
    expect(events.map((e) => (JSON.parse(e.body) as { payload: unknown }).payload)).toEqual([{ orderId: 'A-2' }]);
  });

  it('wakes a waiting worker at commit, not before', async () => {
    const worker = env.backend();
    await worker.subscribe([{ group: 'Confirmation', eventTypes: ['ORDER_PLACED'] }]);
    await worker.pull(100, 0).then((old) => worker.settle({ acks: old, nacks: [], releases: [], deadLetters: [] }));
    const backend = env.backend();
    await backend.connect();
    const client = await env.pool.connect();
    try {
      await client.query('BEGIN');
      await backend.enqueue(new Event('ORDER_PLACED', { orderId: 'B-1' }), { client });
      expect(await worker.pull(10, 300)).toEqual([]); // written, not committed: invisible
      const pulling = worker.pull(10, 10_000);
      await client.query('COMMIT');
      const [delivery] = await pulling;
      expect(delivery?.kind === 'event' && delivery.event.payload).toEqual({ orderId: 'B-1' });
    } finally {
      client.release();
    }
  });
});

import { Event, ListensTo, Organ, Spine, silentLogger, type HandlerContext } from '@necrostack/core';
import { transactional, transactionOf, type PostgresBackend } from '@necrostack/backend-postgres';
import { SchemaEnv } from './support/postgres-test-env';

/** Reserves stock in the handler's transaction and returns STOCK_RESERVED; fails its first `failures` tries after writing. */
@Organ({ name: 'Reserve' })
@ListensTo('ORDER_PLACED')
class Reserve {
  calls = 0;
  constructor(private readonly schema: string, private failures = 0) {}

  async handle(event: Event, context: HandlerContext): Promise<Event> {
    this.calls++;
    await transactionOf(context).query(`INSERT INTO "${this.schema}".reservations (order_id) VALUES ($1)`, [event.payload.orderId]);
    if (this.failures-- > 0) throw new Error('warehouse busy');
    return new Event('STOCK_RESERVED', { orderId: event.payload.orderId ?? null });
  }
}

@Organ({ name: 'Notify' })
@ListensTo('STOCK_RESERVED')
class Notify {
  readonly seen: Event[] = [];
  handle(event: Event): void {
    this.seen.push(event);
  }
}

describe('transactional(backend): a handler\'s writes, its events and the inbox record in one transaction', () => {
  const env = new SchemaEnv();
  let backend: PostgresBackend;
  beforeEach(async () => {
    backend = env.backend();
    await backend.connect();
    await env.rows('CREATE TABLE IF NOT EXISTS $schema.reservations (order_id text NOT NULL)');
    await env.rows('TRUNCATE $schema.reservations, $schema.events, $schema.deliveries, $schema.completions, $schema.dead_letters');
  });
  afterAll(() => env.cleanup());

  const spineOf = (organs: object[]) => new Spine({
    organs, backend, logger: silentLogger, retryBaseDelayMs: 1, retryAttempts: 3, middleware: [transactional(backend)],
  });
  const reservations = () => env.rows<{ order_id: string }>('SELECT order_id FROM $schema.reservations');

  it('commits the write with the returned event, stamped with its lineage', async () => {
    const notify = new Notify();
    const placed = new Event('ORDER_PLACED', { orderId: 'A-1' });
    await spineOf([new Reserve(env.schema), notify]).run(placed);
    expect(await reservations()).toEqual([{ order_id: 'A-1' }]);
    expect(notify.seen.map((e) => [e.payload.orderId, e.causationId, e.correlationId, e.causationDepth])).toEqual([['A-1', placed.id, placed.id, 1]]);
  });

  it('rolls a failed try back before the retry: one write for the one success', async () => {
    const reserve = new Reserve(env.schema, 2);
    await spineOf([reserve, new Notify()]).run(new Event('ORDER_PLACED', { orderId: 'A-2' }));
    expect(reserve.calls).toBe(3);
    expect(await reservations()).toEqual([{ order_id: 'A-2' }]);
  });

  it('leaves nothing but the dead letter when every try fails', async () => {
    const notify = new Notify();
    await spineOf([new Reserve(env.schema, 99), notify]).run(new Event('ORDER_PLACED', { orderId: 'A-3' }));
    expect(await reservations()).toEqual([]);
    expect(notify.seen).toEqual([]);
    expect((await backend.deadLetters.getAll()).map((l) => [l.organ, l.error.message])).toEqual([['Reserve', 'warehouse busy']]);
    expect(await env.rows('SELECT * FROM $schema.completions')).toEqual([]);
  });

  it('skips the handler on a redelivery of an event it already committed (a crash between commit and ack)', async () => {
    const reserve = new Reserve(env.schema);
    const notify = new Notify();
    const placed = new Event('ORDER_PLACED', { orderId: 'A-4' });
    await spineOf([reserve, notify]).run(placed);
    await env.rows(`INSERT INTO $schema.deliveries (group_name, seq) SELECT 'Reserve', seq FROM $schema.events WHERE id = $1`, [placed.id]);
    await spineOf([reserve, notify]).run();
    expect([reserve.calls, notify.seen.length]).toEqual([1, 1]);
    expect(await reservations()).toEqual([{ order_id: 'A-4' }]);
    expect(await env.rows('SELECT * FROM $schema.deliveries')).toEqual([]);
  });

  it('tells a handler outside transactional() what is missing', async () => {
    const reserve = new Reserve(env.schema);
    await new Spine({ organs: [reserve], backend, logger: silentLogger, retryAttempts: 1 }).run(new Event('ORDER_PLACED', { orderId: 'A-5' }));
    const [letter] = await backend.deadLetters.getAll();
    expect(letter?.error.message).toMatch(/organ Reserve calls transactionOf\(\) but does not run inside transactional\(\)/);
  });
});

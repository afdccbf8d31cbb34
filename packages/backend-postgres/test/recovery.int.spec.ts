import { Event } from '@necrostack/core';
import { pullDeliveries, settlement } from '@necrostack/testkit';
import { SchemaEnv } from './support/postgres-test-env';

const billing = [{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }];
const LEASE_MS = 300;

describe('PostgresBackend recovery', () => {
  const env = new SchemaEnv();
  afterEach(() => env.rows('TRUNCATE $schema.events, $schema.deliveries').catch(() => undefined));
  afterAll(() => env.cleanup());

  it('takes over a delivery whose consumer stopped renewing its lease, as the next attempt', async () => {
    const live = env.backend({ claimMinIdleMs: LEASE_MS });
    await live.subscribe(billing);
    const event = new Event('ORDER_PLACED', { n: 1 });
    await live.enqueue(event);
    // A consumer that claimed the row and died: its token is set, its lease runs out.
    await env.rows(`UPDATE $schema.deliveries SET token = 1, consumer = 'dead-worker', attempt = 1,
      visible_at = now() + interval '200 milliseconds'`);
    expect(await live.pull(10, 0)).toEqual([]);
    const [taken] = await pullDeliveries(live, 1, { timeoutMs: 5_000 });
    expect([taken!.kind === 'event' && taken!.event.id, taken!.attempt]).toEqual([event.id, 2]);
    expect(live.metrics.pendingRecovered).toBe(1);
    await live.settle(settlement({ acks: [taken!] }));
  });

  it('takes over a dead consumer\'s batch one delivery at a time, the next once the previous is settled', async () => {
    const live = env.backend({ claimMinIdleMs: LEASE_MS, pollIntervalMs: 100 });
    await live.subscribe(billing);
    const events = [1, 2, 3].map((n) => new Event('ORDER_PLACED', { n }));
    await live.enqueue(events);
    // A consumer that claimed all three and died with them (a poison event among them would have
    // killed it): only one comes back at a time, so the others do not share its attempts.
    await env.rows(`UPDATE $schema.deliveries SET token = 1, consumer = 'dead-worker', attempt = 1,
      visible_at = now() + interval '100 milliseconds'`);
    const taken: string[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = await pullDeliveries(live, 1, { timeoutMs: 5_000 });
      // While it holds one taken over, the next pull (which waits) finds none.
      expect(await live.pull(10, 150)).toEqual([]);
      taken.push(...batch.map((d) => (d.kind === 'event' ? d.event.id : d.deliveryId)));
      expect(batch.map((d) => d.attempt)).toEqual([2]);
      await live.settle(settlement({ acks: batch }));
    }
    expect([...taken].sort()).toEqual(events.map((e) => e.id).sort());
    expect(live.metrics.pendingRecovered).toBe(3);
  });

  it('never takes a delivery from a live consumer whose handler runs longer than the lease', async () => {
    const slow = env.backend({ claimMinIdleMs: LEASE_MS });
    const other = env.backend({ claimMinIdleMs: LEASE_MS });
    await slow.subscribe(billing);
    await other.subscribe(billing);
    await slow.enqueue(new Event('ORDER_PLACED', { n: 2 }));
    const [held] = await pullDeliveries(slow, 1, { timeoutMs: 5_000 });
    // Four leases long: the holder renews every LEASE_MS / 3, so the other consumer finds nothing.
    const until = Date.now() + 4 * LEASE_MS;
    while (Date.now() < until) expect(await other.pull(10, 50)).toEqual([]);
    await slow.settle(settlement({ acks: [held!] }));
    expect(await env.rows('SELECT * FROM $schema.deliveries')).toEqual([]);
    expect(other.metrics.pendingRecovered).toBe(0);
  });

  it('hands back what it holds at close, so another consumer takes it at once without counting an attempt', async () => {
    const leaving = env.backend({ claimMinIdleMs: 60_000 });
    const staying = env.backend({ claimMinIdleMs: 60_000 });
    await leaving.subscribe(billing);
    await staying.subscribe(billing);
    await leaving.enqueue([new Event('ORDER_PLACED', { n: 3 }), new Event('ORDER_PLACED', { n: 4 })]);
    await pullDeliveries(leaving, 2, { timeoutMs: 5_000 });
    await leaving.close();
    const again = await pullDeliveries(staying, 2, { timeoutMs: 2_000 });
    expect(again.map((d) => d.attempt)).toEqual([1, 1]);
    await staying.settle(settlement({ acks: again }));
  });
});

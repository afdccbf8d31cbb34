import { Event, MaxStepsExceededError, Spine, silentLogger } from '@necrostack/core';
import { drainAcking } from '@necrostack/testkit';
import { Audit, Billing, Shipping, orders } from './support/organs';
import { RedisTestEnv, fields } from './support/redis-test-env';

describe('RedisBackend through a Spine', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  describe('when two organs listen to one type', () => {
    it('gives each organ its own group and every event once', async () => {
      const backend = env.backend();
      const [billing, shipping, audit] = [new Billing(), new Shipping(), new Audit()];
      const spine = new Spine({ organs: [billing, shipping, audit], backend, logger: silentLogger });
      const placed = orders(25);

      const stats = await spine.run(placed);

      const ids = placed.map((e) => e.id);
      expect(billing.seen).toEqual(ids);
      expect(shipping.seen).toEqual(ids);
      expect(audit.seen).toHaveLength(25);
      expect(stats.eventsProcessed).toBe(75);
      const groups = await env.send<string[][]>('XINFO', 'GROUPS', env.streamKey);
      expect(groups.map((g) => fields(g).name).sort()).toEqual(['necrostack:Audit', 'necrostack:Billing', 'necrostack:Shipping']);
      for (const g of groups) expect(Number(fields(g).pending)).toBe(0);
      expect(backend.metrics).toMatchObject({ eventsEnqueued: 50, eventsPulled: 75, eventsAcked: 75, eventsFailed: 0 });
    });

    it('stores events in the Python wire format, one "event" field', async () => {
      const backend = env.backend();
      const event = new Event('ORDER_PLACED', { orderId: 'A-1', amount: 3 });
      await backend.enqueue(event);
      const [[, flat]] = await env.send<[string, string[]][]>('XRANGE', env.streamKey, '-', '+');
      expect(flat[0]).toBe('event');
      expect(JSON.parse(flat[1] as string)).toEqual({
        id: event.id, timestamp: event.timestamp.toISOString(), event_type: 'ORDER_PLACED', payload: { orderId: 'A-1', amount: 3 },
      });
    });
  });

  describe('when payloads and headers hold newlines and other control characters', () => {
    it('stores and delivers them intact, batched with events that have none', async () => {
      const texts = ['a\nb', 'c\r\nd\n', '\n', 'e\u2028f\u0000g'];
      const events = [new Event('ORDER_PLACED', { n: 0 }), ...texts.map((text, n) => new Event('ORDER_PLACED', { n: n + 1, text }, { headers: { note: text } }))];
      await env.backend().enqueue(events);

      const consumer = env.backend();
      await consumer.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      const deliveries = await drainAcking([consumer], events.length, 20_000);
      const read = deliveries.map((d) => (d.kind === 'event' ? [d.event.id, d.event.payload, d.event.headers] : d.raw));
      expect(read).toEqual(events.map((e) => [e.id, e.payload, e.headers]));
    });
  });

  describe('when run() stops at maxSteps', () => {
    it('holds nothing back: another worker takes the rest at once', async () => {
      const backend = env.backend();
      const [first, second] = [new Shipping(), new Shipping()];
      await backend.enqueue(orders(40));

      const stopped = new Spine({ organs: [first], backend, logger: silentLogger, batchSize: 10, maxSteps: 15 });
      await expect(stopped.run()).rejects.toBeInstanceOf(MaxStepsExceededError);
      // The first backend stays open (its claims kept fresh): nothing of the rest may be held by it.
      await new Spine({ organs: [second], backend: env.backend(), logger: silentLogger }).run();

      expect(first.seen).toHaveLength(15);
      expect(second.seen).toHaveLength(25);
      expect(new Set([...first.seen, ...second.seen]).size).toBe(40);
    });
  });

  describe('when a foreign producer writes with XADD', () => {
    it('consumes its events', async () => {
      const backend = env.backend();
      const shipping = new Shipping();
      const id = '6f1c2b1e-8a4d-4c3e-9b2a-0d1e2f3a4b5c';
      const json = `{"id": "${id}", "timestamp": "2024-05-01T12:00:00", "event_type": "ORDER_PLACED", "payload": {"orderId": "P-1", "amount": 1}}`;
      await env.send('XADD', env.streamKey, '*', 'event', json);

      await new Spine({ organs: [shipping], backend, logger: silentLogger }).run();

      expect(shipping.seen).toEqual([id]);
    });
  });

  describe('when a group does not listen to a type on the shared stream', () => {
    it('acks those entries without delivering them', async () => {
      const backend = env.backend();
      const audit = new Audit();
      await backend.enqueue([...orders(5), new Event('ORDER_BILLED', { orderId: 'A-1' })]);

      const stats = await new Spine({ organs: [audit], backend, logger: silentLogger }).run();

      expect(audit.seen).toHaveLength(1);
      expect(stats.eventsProcessed).toBe(1);
      const [group] = await env.send<string[][]>('XINFO', 'GROUPS', env.streamKey);
      expect(fields(group as string[])).toMatchObject({ pending: 0, 'entries-read': 6 });
    });
  });

  describe('when events were enqueued before any worker started', () => {
    it('delivers them to a new group (startAt beginning)', async () => {
      await env.backend().enqueue(orders(3));
      const shipping = new Shipping();
      await new Spine({ organs: [shipping], backend: env.backend(), logger: silentLogger }).run();
      expect(shipping.seen).toHaveLength(3);
    });

    it('skips them with startAt end', async () => {
      await env.backend().enqueue(orders(3));
      const shipping = new Shipping();
      const backend = env.backend({ startAt: 'end' });
      const spine = new Spine({ organs: [shipping], backend, logger: silentLogger });
      await spine.run();
      await spine.run(orders(1, 10));
      expect(shipping.seen).toHaveLength(1);
    });
  });
});

import { Event } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { drainAcking, eventOf, idsOf } from '../wait';

/** enqueue → subscribe → pull: what a delivery carries, and how many a pull hands out. */
export function publishConsumeSuite(ctx: ConformanceContext): void {
  describe('publish and consume', () => {
    it('delivers enqueued events in order, as kind "event", attempt 1, to the subscribed group', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      const events = makeEvents('ORDER_PLACED', 5);
      await backend.enqueue(events);
      const got = await ctx.pull(backend, 5);
      expect(got.map((d) => [d.kind, d.group, d.attempt])).toEqual(events.map(() => ['event', 'Shipping', 1]));
      ctx.expectEnqueueOrder(idsOf(got), events);
      expect(new Set(got.map((d) => d.deliveryId)).size).toBe(5);
      // Pending deliveries are not handed out a second time.
      await ctx.expectNoMore(backend);
    });

    it('keeps the event intact: id, type, payload, timestamp and lineage', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const correlationId = new Event('X').id;
      const causationId = new Event('X').id;
      const payload = { orderId: 'A-1', amount: 12.5, paid: false, note: 'héllo ✓ "quoted"', items: [{ sku: 'x', qty: 2 }], gift: null };
      const sent = new Event('ORDER_PLACED', payload, {
        timestamp: '2024-05-06T07:08:09.123Z', correlationId, causationId, causationDepth: 2,
      });
      await backend.enqueue(sent);
      const [delivery] = await ctx.pull(backend, 1);
      const got = eventOf(delivery!);
      expect(got).toBeInstanceOf(Event);
      expect(got.id).toBe(sent.id);
      expect(got.eventType).toBe('ORDER_PLACED');
      expect(got.payload).toEqual(payload);
      expect(got.timestamp.toISOString()).toBe('2024-05-06T07:08:09.123Z');
      expect([got.correlationId, got.causationId, got.causationDepth]).toEqual([correlationId, causationId, 2]);
    });

    it('takes a single event or an array, and keeps the order across calls', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      // first and third share a correlation id: their order across calls holds without a global order too.
      const [first, second, third] = makeEvents('ORDER_PLACED', 3, 2) as [Event, Event, Event];
      await backend.enqueue(first);
      await backend.enqueue([second, third]);
      await backend.enqueue([]);
      // Acking what it pulls: a backend without a global order may hand out one delivery per key at a time.
      ctx.expectEnqueueOrder(idsOf(await drainAcking([backend], 3, ctx.timeoutMs)), [first, second, third]);
      await ctx.expectNoMore(backend);
    });

    it('hands out at most max deliveries per pull', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      const events = makeEvents('ORDER_PLACED', 10);
      await backend.enqueue(events);
      const first = await backend.pull(3, ctx.timeoutMs);
      expect(first.length).toBeGreaterThanOrEqual(1);
      expect(first.length).toBeLessThanOrEqual(3);
      const rest = await ctx.pull(backend, 10 - first.length, 3);
      ctx.expectEnqueueOrder(idsOf([...first, ...rest]), events);
    });

    it('treats a repeated subscribe as a no-op: no duplicate deliveries', async () => {
      const backend = await ctx.open();
      const subscription = { group: 'Shipping', eventTypes: ['ORDER_PLACED'] };
      await backend.subscribe([subscription]);
      await backend.subscribe([subscription]);
      const events = makeEvents('ORDER_PLACED', 3);
      await backend.enqueue(events);
      ctx.expectEnqueueOrder(idsOf(await ctx.pull(backend, 3)), events);
      await ctx.expectNoMore(backend);
    });

    it('exposes maxDeliveries as configured', async () => {
      const backend = await ctx.open({ maxDeliveries: 5 });
      expect(backend.maxDeliveries).toBe(5);
    });
  });
}

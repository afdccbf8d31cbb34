import { Event } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { drainAcking, idsOf, ofGroup, settlement } from '../wait';

/** The interleaving test's types, in enqueue order; event n has the correlationId `key-<n mod 2>`. */
const INTERLEAVED = ['ORDER_PLACED', 'ORDER_CANCELLED', 'ORDER_SHIPPED', 'ORDER_PLACED', 'ORDER_CANCELLED', 'ORDER_CANCELLED', 'ORDER_PLACED', 'ORDER_PLACED'];

/** One consumer group per organ: each group has its own delivery, ack and attempt count. */
export function isolationSuite(ctx: ConformanceContext): void {
  describe('per-group isolation', () => {
    it('delivers every event exactly once to each of two groups on the same type', async () => {
      const backend = await ctx.open();
      await backend.subscribe([
        { group: 'Billing', eventTypes: ['ORDER_PLACED'] },
        { group: 'Shipping', eventTypes: ['ORDER_PLACED'] },
      ]);
      const events = makeEvents('ORDER_PLACED', 4);
      await backend.enqueue(events);
      const got = await ctx.pull(backend, 8);
      ctx.expectEnqueueOrder(idsOf(ofGroup(got, 'Billing')), events);
      ctx.expectEnqueueOrder(idsOf(ofGroup(got, 'Shipping')), events);
      expect(got.every((d) => d.attempt === 1)).toBe(true);
      await ctx.expectNoMore(backend);
    });

    it('keeps a group\'s delivery pending when another group acks the same event', async () => {
      const backend = await ctx.open();
      await backend.subscribe([
        { group: 'Billing', eventTypes: ['ORDER_PLACED'] },
        { group: 'Shipping', eventTypes: ['ORDER_PLACED'] },
      ]);
      const [event] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.enqueue(event);
      const got = await ctx.pull(backend, 2);
      await backend.settle(settlement({ acks: ofGroup(got, 'Billing') }));
      // Shipping's delivery is still its own: a nack brings it back to Shipping, and only there.
      await backend.settle(settlement({ nacks: ofGroup(got, 'Shipping') }));
      const again = await ctx.pull(backend, 1);
      expect(again.map((d) => [d.group, d.attempt])).toEqual([['Shipping', 2]]);
      expect(idsOf(again)).toEqual([event.id]);
      await backend.settle(settlement({ acks: again }));
      await ctx.expectNoMore(backend);
    });

    it('gives a group only the types it subscribed to', async () => {
      const backend = await ctx.open();
      await backend.subscribe([
        { group: 'Billing', eventTypes: ['ORDER_PLACED'] },
        { group: 'Refunds', eventTypes: ['ORDER_CANCELLED'] },
      ]);
      const [placed1, cancelled1, placed2, cancelled2, shipped] = [
        ...makeEvents('ORDER_PLACED', 1), ...makeEvents('ORDER_CANCELLED', 1),
        ...makeEvents('ORDER_PLACED', 1), ...makeEvents('ORDER_CANCELLED', 1), ...makeEvents('ORDER_SHIPPED', 1),
      ] as [Event, Event, Event, Event, Event];
      await backend.enqueue([placed1, cancelled1, placed2, cancelled2, shipped]);
      const got = await ctx.pull(backend, 4);
      ctx.expectEnqueueOrder(idsOf(ofGroup(got, 'Billing')), [placed1, placed2]);
      ctx.expectEnqueueOrder(idsOf(ofGroup(got, 'Refunds')), [cancelled1, cancelled2]);
      await ctx.expectNoMore(backend);
    });

    it('gives a group of several types their events interleaved in enqueue order', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Audit', eventTypes: ['ORDER_PLACED', 'ORDER_CANCELLED'] }]);
      // Two correlation ids, so the interleaving is checked per key without a global order too.
      const events = INTERLEAVED.map((type, n) => new Event(type, { n }, { correlationId: `key-${n % 2}` }));
      await backend.enqueue(events);
      const expected = events.filter((e) => e.eventType !== 'ORDER_SHIPPED');
      // Acking what it pulls: a backend without a global order may hand out one delivery per key at a time.
      ctx.expectEnqueueOrder(idsOf(await drainAcking([backend], expected.length, ctx.timeoutMs)), expected);
      await ctx.expectNoMore(backend);
    });
  });
}

import type { Event } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { idsOf, ofGroup, settlement } from '../wait';

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
      const ids = events.map((e) => e.id);
      expect(idsOf(ofGroup(got, 'Billing'))).toEqual(ids);
      expect(idsOf(ofGroup(got, 'Shipping'))).toEqual(ids);
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
      expect(idsOf(ofGroup(got, 'Billing'))).toEqual([placed1.id, placed2.id]);
      expect(idsOf(ofGroup(got, 'Refunds'))).toEqual([cancelled1.id, cancelled2.id]);
      await ctx.expectNoMore(backend);
    });

    it('gives a group of several types their events interleaved in enqueue order', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Audit', eventTypes: ['ORDER_PLACED', 'ORDER_CANCELLED'] }]);
      const events = [
        ...makeEvents('ORDER_PLACED', 1), ...makeEvents('ORDER_CANCELLED', 1), ...makeEvents('ORDER_SHIPPED', 1),
        ...makeEvents('ORDER_PLACED', 1), ...makeEvents('ORDER_CANCELLED', 1),
      ];
      await backend.enqueue(events);
      const expected = events.filter((e) => e.eventType !== 'ORDER_SHIPPED').map((e) => e.id);
      expect(idsOf(await ctx.pull(backend, 4))).toEqual(expected);
      await ctx.expectNoMore(backend);
    });
  });
}

import { makeEvents, type ConformanceContext } from '../conformance-context';
import { describeDeliveries, idsOf, ofGroup, settlement } from '../wait';

const ORDERING_EVENTS = 1_000;
const ORDERING_BATCH = 37;
/** The ordering test's events share this many correlation ids: the keys whose order holds without a global order. */
const ORDERING_KEYS = 10;

/** FIFO per group (per correlation id without a global order), and groups that subscribe after events were stored. */
export function orderingSuite(ctx: ConformanceContext): void {
  describe('late subscribers', () => {
    it('delivers events enqueued before the group subscribed', async () => {
      const backend = await ctx.open();
      const events = makeEvents('ORDER_PLACED', 3);
      await backend.enqueue(events);
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const got = await ctx.pull(backend, 3);
      ctx.expectEnqueueOrder(idsOf(got), events);
      expect(got.map((d) => [d.group, d.attempt])).toEqual(events.map(() => ['Billing', 1]));
      await ctx.expectNoMore(backend);
    });

    it('delivers events enqueued before subscribe to each of two new groups', async () => {
      const backend = await ctx.open();
      const events = makeEvents('ORDER_PLACED', 3);
      await backend.enqueue(events);
      await backend.subscribe([
        { group: 'Billing', eventTypes: ['ORDER_PLACED'] },
        { group: 'Shipping', eventTypes: ['ORDER_PLACED'] },
      ]);
      const got = await ctx.pull(backend, 6);
      ctx.expectEnqueueOrder(idsOf(ofGroup(got, 'Billing')), events);
      ctx.expectEnqueueOrder(idsOf(ofGroup(got, 'Shipping')), events);
      await ctx.expectNoMore(backend);
    });
  });

  describe('ordering', () => {
    const fifo = ctx.globalOrder ? 'FIFO per group' : 'FIFO per group and correlation id';
    it(`keeps ${fifo} over ${ORDERING_EVENTS} events (${ORDERING_KEYS} correlation ids) pulled in batches of ${ORDERING_BATCH}`, async () => {
      const backend = await ctx.open();
      await backend.subscribe([
        { group: 'Billing', eventTypes: ['ORDER_PLACED'] },
        { group: 'Shipping', eventTypes: ['ORDER_PLACED'] },
      ]);
      const events = makeEvents('ORDER_PLACED', ORDERING_EVENTS, ORDERING_KEYS);
      for (let i = 0; i < events.length; i += 100) await backend.enqueue(events.slice(i, i + 100));
      const seen = { Billing: [] as string[], Shipping: [] as string[] };
      const deadline = Date.now() + ctx.timeoutMs * 4;
      while (seen.Billing.length + seen.Shipping.length < 2 * ORDERING_EVENTS) {
        if (Date.now() > deadline) throw new Error(`Only ${seen.Billing.length} + ${seen.Shipping.length} deliveries arrived`);
        const batch = await backend.pull(ORDERING_BATCH, 100);
        expect(batch.length).toBeLessThanOrEqual(ORDERING_BATCH);
        for (const delivery of batch) {
          const list = seen[delivery.group as keyof typeof seen];
          if (!list) throw new Error(`Unexpected delivery ${describeDeliveries([delivery])}`);
          list.push(idsOf([delivery])[0]!);
        }
        await backend.settle(settlement({ acks: batch }));
      }
      ctx.expectEnqueueOrder(seen.Billing, events);
      ctx.expectEnqueueOrder(seen.Shipping, events);
      await ctx.expectNoMore(backend);
    });
  });
}

import type { Delivery, Event } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { eventOf, idsOf, ofGroup, settlement } from '../wait';

const ERROR = { name: 'Error', message: 'boom' };

/** Acks, nacks and releases: what comes back, to whom, with which attempt. */
export function settleSuite(ctx: ConformanceContext): void {
  async function openWithGroups(...groups: string[]) {
    const backend = await ctx.open();
    await backend.subscribe(groups.map((group) => ({ group, eventTypes: ['ORDER_PLACED'] })));
    return backend;
  }

  describe('ack', () => {
    it('never delivers an acked delivery again', async () => {
      const backend = await openWithGroups('Billing');
      await backend.enqueue(makeEvents('ORDER_PLACED', 3));
      await backend.settle(settlement({ acks: await ctx.pull(backend, 3) }));
      await ctx.expectNoMore(backend);
      const [later] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.enqueue(later);
      expect(idsOf(await ctx.pull(backend, 1))).toEqual([later.id]);
      await ctx.expectNoMore(backend);
    });

    it('is idempotent: a second ack, a nack or a release after the ack change nothing', async () => {
      const backend = await openWithGroups('Billing');
      await backend.enqueue(makeEvents('ORDER_PLACED', 2));
      const got = await ctx.pull(backend, 2);
      await backend.settle(settlement({ acks: got }));
      await backend.settle(settlement({ acks: got }));
      await backend.settle(settlement({ nacks: got }));
      await backend.settle(settlement({ releases: got }));
      await ctx.expectNoMore(backend);
    });
  });

  describe('nack and release', () => {
    it('brings a nacked delivery back to the same group with attempt + 1, each time', async () => {
      const backend = await openWithGroups('Billing');
      const [event] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.enqueue(event);
      const attempts: number[] = [];
      let delivery = (await ctx.pull(backend, 1))[0]!;
      attempts.push(delivery.attempt);
      for (let i = 0; i < 2; i++) {
        await backend.settle(settlement({ nacks: [delivery] }));
        const [again] = await ctx.pull(backend, 1);
        expect(idsOf([again!])).toEqual([event.id]);
        expect(again!.group).toBe('Billing');
        delivery = again!;
        attempts.push(delivery.attempt);
      }
      expect(attempts).toEqual([1, 2, 3]);
      await backend.settle(settlement({ acks: [delivery] }));
      await ctx.expectNoMore(backend);
    });

    it('redelivers a nack to the nacking group only', async () => {
      const backend = await openWithGroups('Billing', 'Shipping');
      await backend.enqueue(makeEvents('ORDER_PLACED', 1));
      const got = await ctx.pull(backend, 2);
      await backend.settle(settlement({ acks: ofGroup(got, 'Shipping'), nacks: ofGroup(got, 'Billing') }));
      const again = await ctx.pull(backend, 1);
      expect(again.map((d) => [d.group, d.attempt])).toEqual([['Billing', 2]]);
      await ctx.expectNoMore(backend);
    });

    it('redelivers a delivery nacked twice only once', async () => {
      const backend = await openWithGroups('Billing');
      await backend.enqueue(makeEvents('ORDER_PLACED', 1));
      const got = await ctx.pull(backend, 1);
      await backend.settle(settlement({ nacks: got }));
      await backend.settle(settlement({ nacks: got }));
      expect((await ctx.pull(backend, 1)).map((d) => d.attempt)).toEqual([2]);
      await ctx.expectNoMore(backend);
    });

    it('brings a released delivery back without counting an attempt', async () => {
      const backend = await openWithGroups('Billing');
      const [event] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.enqueue(event);
      const first = await ctx.pull(backend, 1);
      await backend.settle(settlement({ releases: first }));
      const released = await ctx.pull(backend, 1);
      expect(released.map((d) => [d.group, d.attempt])).toEqual([['Billing', 1]]);
      await backend.settle(settlement({ nacks: released }));
      const nacked = await ctx.pull(backend, 1);
      await backend.settle(settlement({ releases: nacked }));
      const releasedAgain = await ctx.pull(backend, 1);
      expect([nacked[0]!.attempt, releasedAgain[0]!.attempt]).toEqual([2, 2]);
      expect(idsOf(releasedAgain)).toEqual([event.id]);
    });

    it('settles acks, nacks, releases and dead letters together in one settlement', async () => {
      const backend = await openWithGroups('Billing');
      const events = makeEvents('ORDER_PLACED', 4);
      await backend.enqueue(events);
      const pulled = await ctx.pull(backend, 4);
      ctx.expectEnqueueOrder(idsOf(pulled), events);
      const [acked, nacked, released, dead] = pulled as [Delivery, Delivery, Delivery, Delivery];
      await backend.settle(settlement({
        acks: [acked], nacks: [nacked], releases: [released],
        deadLetters: [{ delivery: dead, event: eventOf(dead), organ: 'Billing', error: ERROR, attempts: 1 }],
      }));
      const again = await ctx.pull(backend, 2);
      const byId = new Map(again.map((d) => [idsOf([d])[0], d.attempt]));
      expect(byId).toEqual(new Map([[eventOf(nacked).id, 2], [eventOf(released).id, 1]]));
      expect((await backend.deadLetters.getAll()).map((f) => f.event?.id)).toEqual([eventOf(dead).id]);
      await ctx.expectNoMore(backend);
    });
  });
}

import type { Backend, DeadLetterError, Delivery, Event } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { eventOf, idsOf, ofGroup, settlement } from '../wait';

const DECLINED: DeadLetterError = { name: 'PaymentError', code: 'E_DECLINED', message: 'card declined' };

/** Dead-letters deliveries as `organ`, with `DECLINED` and 2 attempts. */
function deadLetter(backend: Backend, deliveries: readonly Delivery[], organ: string): Promise<void> {
  return backend.settle(settlement({
    deadLetters: deliveries.map((delivery) => ({ delivery, event: eventOf(delivery), organ, error: DECLINED, attempts: 2 })),
  }));
}

/** The dead-letter store: what a dead letter records, replay by filter, clear. */
export function deadLettersSuite(ctx: ConformanceContext): void {
  async function openWithGroups(...groups: string[]) {
    const backend = await ctx.open();
    await backend.subscribe(groups.map((group) => ({ group, eventTypes: ['ORDER_PLACED'] })));
    return backend;
  }

  describe('dead letters', () => {
    it('records event, error, organ, group, attempts and failedAt, and acks the delivery', async () => {
      const backend = await openWithGroups('billing');
      const [event] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.enqueue(event);
      const before = Date.now();
      await deadLetter(backend, await ctx.pull(backend, 1), 'Billing');
      const after = Date.now();
      const all = await backend.deadLetters.getAll();
      expect(all).toHaveLength(1);
      const [letter] = all;
      expect(letter!.event?.id).toBe(event.id);
      expect(letter!.event?.payload).toEqual(event.payload);
      expect((JSON.parse(letter!.raw) as { id: string }).id).toBe(event.id);
      expect(letter!.error).toEqual(DECLINED);
      expect([letter!.organ, letter!.group, letter!.attempts]).toEqual(['Billing', 'billing', 2]);
      expect(typeof letter!.id).toBe('string');
      expect(letter!.failedAt).toBeInstanceOf(Date);
      // A durable backend may stamp failedAt with its server's clock: allow a second of skew.
      expect(letter!.failedAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(letter!.failedAt.getTime()).toBeLessThanOrEqual(after + 1_000);
      expect(backend.deadLetters.size).toBe(1);
      await ctx.expectNoMore(backend);
    });

    it('stores one dead letter when the same delivery is dead-lettered twice', async () => {
      const backend = await openWithGroups('billing');
      await backend.enqueue(makeEvents('ORDER_PLACED', 1));
      const got = await ctx.pull(backend, 1);
      await deadLetter(backend, got, 'Billing');
      await deadLetter(backend, got, 'Billing');
      expect(await backend.deadLetters.getAll()).toHaveLength(1);
    });

    it('lists dead letters oldest first', async () => {
      const backend = await openWithGroups('billing');
      const events = makeEvents('ORDER_PLACED', 3);
      await backend.enqueue(events);
      const pulled = await ctx.pull(backend, 3);
      ctx.expectEnqueueOrder(idsOf(pulled), events);
      for (const delivery of pulled) await deadLetter(backend, [delivery], 'Billing');
      expect((await backend.deadLetters.getAll()).map((f) => f.event?.id)).toEqual(idsOf(pulled));
    });

    it('replay() redelivers every dead letter to its group only, as attempt 1, and removes them', async () => {
      const backend = await openWithGroups('billing', 'shipping');
      const events = makeEvents('ORDER_PLACED', 2);
      await backend.enqueue(events);
      const got = await ctx.pull(backend, 4);
      await backend.settle(settlement({ acks: ofGroup(got, 'shipping') }));
      await deadLetter(backend, ofGroup(got, 'billing'), 'Billing');
      expect(await backend.deadLetters.replay()).toBe(2);
      expect(await backend.deadLetters.getAll()).toEqual([]);
      const replayed = await ctx.pull(backend, 2);
      expect(replayed.map((d) => [d.group, d.attempt])).toEqual([['billing', 1], ['billing', 1]]);
      ctx.expectEnqueueOrder(idsOf(replayed), events);
      await ctx.expectNoMore(backend);
    });

    it('replay({ organ }) replays only that organ\'s dead letters', async () => {
      const backend = await openWithGroups('billing', 'shipping');
      const [event] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.enqueue(event);
      const got = await ctx.pull(backend, 2);
      await deadLetter(backend, ofGroup(got, 'billing'), 'Billing');
      await deadLetter(backend, ofGroup(got, 'shipping'), 'Shipping');
      expect(await backend.deadLetters.replay({ organ: 'Billing' })).toBe(1);
      expect((await backend.deadLetters.getAll()).map((f) => f.organ)).toEqual(['Shipping']);
      const replayed = await ctx.pull(backend, 1);
      expect(replayed.map((d) => d.group)).toEqual(['billing']);
      expect(idsOf(replayed)).toEqual([event.id]);
      await ctx.expectNoMore(backend);
    });

    it('replay({ id }) replays only that dead letter', async () => {
      const backend = await openWithGroups('billing');
      const events = makeEvents('ORDER_PLACED', 2);
      await backend.enqueue(events);
      await deadLetter(backend, await ctx.pull(backend, 2), 'Billing');
      const [first, second] = await backend.deadLetters.getAll();
      ctx.expectEnqueueOrder([first!.event!.id, second!.event!.id], events);
      expect(await backend.deadLetters.replay({ id: second!.id })).toBe(1);
      expect((await backend.deadLetters.getAll()).map((f) => f.id)).toEqual([first!.id]);
      expect(idsOf(await ctx.pull(backend, 1))).toEqual([second!.event!.id]);
      await ctx.expectNoMore(backend);
    });

    it('replay() resolves 0 when nothing matches', async () => {
      const backend = await openWithGroups('billing');
      await backend.enqueue(makeEvents('ORDER_PLACED', 1));
      await deadLetter(backend, await ctx.pull(backend, 1), 'Billing');
      expect(await backend.deadLetters.replay({ organ: 'Nobody' })).toBe(0);
      expect(await backend.deadLetters.replay({ id: 'no-such-id' })).toBe(0);
      expect(await backend.deadLetters.getAll()).toHaveLength(1);
      await ctx.expectNoMore(backend);
    });

    it('keeps a dead letter of an event never stored with no group, and replay enqueues it for every group', async () => {
      const backend = await openWithGroups('billing', 'shipping');
      const [event] = makeEvents('ORDER_PLACED', 1) as [Event];
      await backend.settle(settlement({ deadLetters: [{ event, organ: 'Billing', error: DECLINED, attempts: 1 }] }));
      const [letter] = await backend.deadLetters.getAll();
      expect([letter!.event?.id, letter!.organ, letter!.group, letter!.attempts]).toEqual([event.id, 'Billing', undefined, 1]);
      expect(await backend.deadLetters.replay()).toBe(1);
      const got = await ctx.pull(backend, 2);
      expect(got.map((d) => d.group).sort()).toEqual(['billing', 'shipping']);
      expect(idsOf(got)).toEqual([event.id, event.id]);
      await ctx.expectNoMore(backend);
    });

    it('keeps undecodable raw text in raw, with no event, and does not replay it', async () => {
      const backend = await openWithGroups('billing');
      const raw = '{"id": "not json';
      await backend.settle(settlement({ deadLetters: [{ event: raw, organ: 'Billing', error: DECLINED, attempts: 1 }] }));
      const [letter] = await backend.deadLetters.getAll();
      expect([letter!.event, letter!.raw, letter!.error]).toEqual([undefined, raw, DECLINED]);
      expect(await backend.deadLetters.replay()).toBe(0);
      expect(await backend.deadLetters.getAll()).toHaveLength(1);
      await ctx.expectNoMore(backend);
    });

    it('clear() removes every dead letter', async () => {
      const backend = await openWithGroups('billing');
      await backend.enqueue(makeEvents('ORDER_PLACED', 2));
      await deadLetter(backend, await ctx.pull(backend, 2), 'Billing');
      expect(await backend.deadLetters.getAll()).toHaveLength(2);
      await backend.deadLetters.clear();
      expect(await backend.deadLetters.getAll()).toEqual([]);
      expect(backend.deadLetters.size).toBe(0);
      expect(await backend.deadLetters.replay()).toBe(0);
      await ctx.expectNoMore(backend);
    });
  });
}

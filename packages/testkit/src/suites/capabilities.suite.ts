import { NecroStackError, type Delivery } from '@necrostack/core';
import { itWhen, makeEvents, type ConformanceContext } from '../conformance-context';
import { eventOf, idsOf, settlement } from '../wait';

const DECLINED = { name: 'PaymentError', message: 'card declined' };

/** Behaviour only some backends have, switched by the harness's capability flags. */
export function capabilitiesSuite(ctx: ConformanceContext): void {
  const caps = ctx.capabilities;
  const billing = [{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }];

  describe('persistence', () => {
    itWhen(caps.persistent, 'persistent', 'delivers events enqueued before close from a new backend on the same storage', async () => {
      const first = await ctx.open();
      await first.subscribe(billing);
      const events = makeEvents('ORDER_PLACED', 3);
      await first.enqueue(events);
      await first.close();
      const second = await ctx.open();
      await second.subscribe(billing);
      ctx.expectEnqueueOrder(idsOf(await ctx.pull(second, 3)), events);
      await ctx.expectNoMore(second);
    });

    itWhen(caps.persistent, 'persistent', 'keeps dead letters across close', async () => {
      const first = await ctx.open();
      await first.subscribe(billing);
      const [event] = makeEvents('ORDER_PLACED', 1);
      await first.enqueue(event!);
      const [delivery] = await ctx.pull(first, 1);
      await first.settle(settlement({ deadLetters: [{ delivery, event: eventOf(delivery!), organ: 'Billing', error: DECLINED, attempts: 3 }] }));
      await first.close();
      const second = await ctx.open();
      const letters = await second.deadLetters.getAll();
      expect(letters.map((f) => [f.event?.id, f.organ, f.group, f.attempts, f.error.message]))
        .toEqual([[event!.id, 'Billing', 'Billing', 3, 'card declined']]);
    });
  });

  describe('competing consumers', () => {
    itWhen(caps.competingConsumers, 'competingConsumers', 'splits one group\'s events between two backends, each event exactly once', async () => {
      const [a, b] = [await ctx.open(), await ctx.open()];
      await a.subscribe(billing);
      await b.subscribe(billing);
      const events = makeEvents('ORDER_PLACED', 20);
      await a.enqueue(events);
      const got: Delivery[] = [];
      const deadline = Date.now() + ctx.timeoutMs;
      while (got.length < events.length && Date.now() < deadline) {
        for (const backend of [a, b]) {
          const batch = await backend.pull(3, 20);
          await backend.settle(settlement({ acks: batch }));
          got.push(...batch);
        }
      }
      expect(idsOf(got).sort()).toEqual(events.map((e) => e.id).sort());
      await ctx.expectNoMore(a);
      await ctx.expectNoMore(b);
    });
  });

  describe('malformed entries', () => {
    itWhen(caps.malformedEntries, 'malformedEntries', 'hands out an undecodable entry as kind "malformed" with its raw text', async () => {
      const backend = await ctx.open();
      await backend.subscribe(billing);
      await ctx.enqueueRaw('{"event_type": "ORDER_PLACED", "payload": ');
      const [delivery] = await ctx.pull(backend, 1);
      expect([delivery!.kind, delivery!.group, delivery!.attempt]).toEqual(['malformed', 'Billing', 1]);
      if (delivery!.kind !== 'malformed') return;
      expect(delivery.raw).toContain('{"event_type": "ORDER_PLACED", "payload": ');
      expect(delivery.error).toBeInstanceOf(NecroStackError);
      await backend.settle(settlement({ deadLetters: [{ delivery, event: delivery.raw, organ: 'Billing', error: DECLINED, attempts: 1 }] }));
      const [letter] = await backend.deadLetters.getAll();
      expect([letter!.event, letter!.group]).toEqual([undefined, 'Billing']);
      await ctx.expectNoMore(backend);
    });
  });

  describe('idempotent subscriptions', () => {
    itWhen(caps.idempotentSubscriptions, 'idempotentSubscriptions', 'does not hand an idempotent group an event it already completed', async () => {
      const backend = await ctx.open();
      await backend.subscribe([
        { group: 'Billing', eventTypes: ['ORDER_PLACED'], idempotent: true },
        { group: 'Audit', eventTypes: ['ORDER_PLACED'] },
      ]);
      const [event] = makeEvents('ORDER_PLACED', 1);
      await backend.enqueue(event!);
      await backend.settle(settlement({ acks: await ctx.pull(backend, 2) }));
      await backend.enqueue(event!);
      const again = await ctx.pull(backend, 1);
      expect(again.map((d) => d.group)).toEqual(['Audit']);
      await backend.settle(settlement({ acks: again }));
      await ctx.expectNoMore(backend);
    });
  });
}

import { HandlerFailureMode, Spine, silentLogger, type Backend, type SpineSettings } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { BillingOrgan, InvoicingOrgan, ShippingOrgan } from './conformance-organs';

/** Bounds a run() on a backend that keeps handing the same work out. */
const SPINE_MAX_STEPS = 1_000;

/** The contract as the Spine uses it: per-organ delivery, dead letters naming the organ, replay. */
export function spineSuite(ctx: ConformanceContext): void {
  function spineOf(backend: Backend, organs: object[], settings: SpineSettings = {}): Spine {
    return new Spine({ organs, backend, logger: silentLogger, retryBaseDelayMs: 1, maxSteps: SPINE_MAX_STEPS, ...settings });
  }

  describe('through a Spine', () => {
    it('has two organs on one type each handle every event exactly once, in order', async () => {
      const backend = await ctx.open();
      const [shipping, billing] = [new ShippingOrgan(), new BillingOrgan()];
      const spine = spineOf(backend, [shipping, billing]);
      const events = makeEvents('ORDER_PLACED', 5, 2); // two correlation ids: per-key order is checked without a global order
      const stats = await spine.run(events);
      ctx.expectEnqueueOrder(shipping.handled, events);
      ctx.expectEnqueueOrder(billing.handled, events);
      expect(stats.eventsProcessed).toBe(10);
      await spine.run();
      expect([shipping.handled.length, billing.calls]).toEqual([5, 5]);
      expect(await backend.deadLetters.getAll()).toEqual([]);
    });

    it('dead-letters a failing organ in STORE mode, naming it, and leaves the other organ unaffected', async () => {
      const backend = await ctx.open();
      const [shipping, billing] = [new ShippingOrgan(), new BillingOrgan()];
      billing.failing = true;
      const spine = spineOf(backend, [shipping, billing], { handlerFailureMode: HandlerFailureMode.STORE, retryAttempts: 2 });
      const events = makeEvents('ORDER_PLACED', 3);
      const stats = await spine.run(events);
      ctx.expectEnqueueOrder(shipping.handled, events);
      expect(billing.calls).toBe(6);
      expect(stats.handlerErrors).toEqual({ Billing: 3 });
      const letters = await backend.deadLetters.getAll();
      ctx.expectEnqueueOrder(letters.map((f) => f.event?.id as string), events);
      expect(letters.map((f) => [f.organ, f.group, f.attempts, f.error.name, f.error.message]))
        .toEqual(events.map(() => ['Billing', 'Billing', 2, 'Error', 'card declined']));
      expect((await spine.failedEventStore.getAll()).map((f) => f.id)).toEqual(letters.map((f) => f.id));
      // The dead-lettered deliveries were acked: a second run has nothing to do.
      await spine.run();
      expect([shipping.handled.length, billing.calls]).toEqual([3, 6]);
    });

    it('re-runs only the organ that failed when its dead letter is replayed', async () => {
      const backend = await ctx.open();
      const [shipping, billing] = [new ShippingOrgan(), new BillingOrgan()];
      billing.failing = true;
      const spine = spineOf(backend, [shipping, billing], { retryAttempts: 1 });
      const [event] = makeEvents('ORDER_PLACED', 1);
      await spine.run(event);
      billing.failing = false;
      expect(await backend.deadLetters.replay({ organ: 'Billing' })).toBe(1);
      await spine.run();
      expect(billing.handled).toEqual([event!.id]);
      expect(shipping.handled).toEqual([event!.id]);
      expect(await backend.deadLetters.getAll()).toEqual([]);
    });

    it('redelivers to a failing organ in NACK mode up to maxDeliveries, then dead-letters it', async () => {
      const backend = await ctx.open({ maxDeliveries: 2 });
      const [shipping, billing] = [new ShippingOrgan(), new BillingOrgan()];
      billing.failing = true;
      const spine = spineOf(backend, [shipping, billing], { handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1 });
      const [event] = makeEvents('ORDER_PLACED', 1);
      // run() processes what is queued, nacked deliveries included, until nothing is left.
      const stats = await spine.run(event!);
      expect(stats.eventsProcessed).toBe(3);
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((f) => [f.event?.id, f.organ, f.group, f.attempts])).toEqual([[event!.id, 'Billing', 'Billing', 2]]);
      expect(billing.calls).toBe(2);
      expect(shipping.handled).toEqual([event!.id]);
    });

    it('delivers what an organ emits to the organs of its type, with lineage', async () => {
      const backend = await ctx.open();
      const [billing, invoicing] = [new BillingOrgan(), new InvoicingOrgan()];
      billing.emits = true;
      const spine = spineOf(backend, [billing, invoicing]);
      const events = makeEvents('ORDER_PLACED', 2);
      const stats = await spine.run(events);
      ctx.expectEnqueueOrder(invoicing.handled.map((e) => e.causationId as string), events);
      const sourceOf = new Map(events.map((e) => [e.id, e]));
      expect(invoicing.handled.map((e) => [e.eventType, e.correlationId, e.payload.n]))
        .toEqual(invoicing.handled.map((e) => ['ORDER_BILLED', e.causationId, sourceOf.get(e.causationId as string)?.payload.n]));
      expect([stats.eventsProcessed, stats.eventsEmitted]).toEqual([4, 2]);
    });
  });
}

import { Event, ListensTo, Organ, Spine, silentLogger, type Backend, type Delivery } from '@necrostack/core';
import { itWhen, type ConformanceContext } from '../conformance-context';
import { eventOf, idsOf, settlement } from '../wait';

const REMINDERS = [{ group: 'Reminders', eventTypes: ['REMIND'] }];
const MANY = 10_000;
const MAX_DELAY_MS = 500;

/** Records when each REMIND it handles arrived, and the time it was due. */
@Organ({ name: 'Reminders' })
@ListensTo('REMIND')
class RemindersOrgan {
  readonly handled: { id: string; at: number; due: number }[] = [];

  handle(event: Event): void {
    this.handled.push({ id: event.id, at: Date.now(), due: event.deliverAt?.getTime() ?? 0 });
  }
}

/** On ORDER_PLACED, returns a REMIND due `delayMs` later. */
@Organ({ name: 'Checkout' })
@ListensTo('ORDER_PLACED')
class CheckoutOrgan {
  delayMs = 200;

  handle(event: Event): Event {
    return new Event('REMIND', { order: event.id }, { delayMs: this.delayMs });
  }
}

/** Delayed events (`deliverAt`, `delayMs`): never handed out before they are due, then delivered like any other. */
export function delayedSuite(ctx: ConformanceContext): void {
  const caps = ctx.capabilities;

  /** Pulls until `count` deliveries came, noting when each one arrived. */
  async function pullTimed(backend: Backend, count: number): Promise<{ delivery: Delivery; at: number }[]> {
    const out: { delivery: Delivery; at: number }[] = [];
    const deadline = Date.now() + ctx.timeoutMs;
    while (out.length < count && Date.now() < deadline) {
      for (const delivery of await backend.pull(count - out.length, 20)) out.push({ delivery, at: Date.now() });
    }
    if (out.length < count) throw new Error(`Expected ${count} deliveries within ${ctx.timeoutMs} ms, got ${out.length}`);
    return out;
  }

  async function runUntil(spine: Spine, done: () => boolean, what: string): Promise<void> {
    const running = spine.runForever();
    try {
      await ctx.waitFor(done, what);
    } finally {
      await spine.stop();
      await running;
    }
  }

  describe('delayed events', () => {
    itWhen(caps.delayedDelivery, 'delayedDelivery', 'does not hand out an event before its deliverAt, and hands it out after', async () => {
      const backend = await ctx.open();
      await backend.subscribe(REMINDERS);
      const now = new Event('REMIND', { n: 0 });
      const later = new Event('REMIND', { n: 1 }, { deliverAt: new Date(Date.now() + 600) });
      await backend.enqueue([later, now]);
      const first = await ctx.pull(backend, 1);
      expect(idsOf(first)).toEqual([now.id]);
      const [arrived] = await pullTimed(backend, 1);
      expect(eventOf(arrived!.delivery).id).toBe(later.id);
      expect(arrived!.at).toBeGreaterThanOrEqual(later.deliverAt!.getTime());
      expect(eventOf(arrived!.delivery).deliverAt).toEqual(later.deliverAt);
      await backend.settle(settlement({ acks: [...first, arrived!.delivery] }));
      await ctx.expectNoMore(backend);
    });

    itWhen(caps.delayedDelivery, 'delayedDelivery', 'hands out at once an event whose deliverAt has passed', async () => {
      const backend = await ctx.open();
      await backend.subscribe(REMINDERS);
      const past = new Event('REMIND', {}, { deliverAt: new Date(Date.now() - 60_000) });
      await backend.enqueue(past);
      expect(idsOf(await ctx.pull(backend, 1))).toEqual([past.id]);
    });

    itWhen(caps.delayedDelivery, 'delayedDelivery', `delivers ${MANY} events with random delays of 0–${MAX_DELAY_MS} ms once each, none early`, async () => {
      const backend = await ctx.open();
      const organ = new RemindersOrgan();
      const spine = new Spine({ organs: [organ], backend, logger: silentLogger, batchSize: 500 });
      const events = Array.from({ length: MANY }, (_, n) => new Event('REMIND', { n }, { delayMs: Math.floor(Math.random() * MAX_DELAY_MS) }));
      for (let i = 0; i < MANY; i += 1_000) await spine.publish(events.slice(i, i + 1_000));
      await runUntil(spine, () => organ.handled.length >= MANY, `${MANY} delayed events to be handled`);
      expect(new Set(organ.handled.map((h) => h.id)).size).toBe(MANY);
      expect(organ.handled.length).toBe(MANY);
      expect(organ.handled.filter((h) => h.at < h.due)).toEqual([]);
    });

    itWhen(caps.delayedDelivery, 'delayedDelivery', 'delivers a delayed event a handler returns, not before it is due', async () => {
      const backend = await ctx.open();
      const reminders = new RemindersOrgan();
      const spine = new Spine({ organs: [new CheckoutOrgan(), reminders], backend, logger: silentLogger });
      const order = new Event('ORDER_PLACED', {});
      await spine.publish(order);
      await runUntil(spine, () => reminders.handled.length === 1, 'the returned reminder to be handled');
      const [reminder] = reminders.handled;
      expect(reminder!.at).toBeGreaterThanOrEqual(reminder!.due);
      expect(reminder!.due).toBeGreaterThan(0);
    });

    itWhen(caps.delayedDelivery && caps.persistent, 'delayedDelivery', 'keeps delayed events across close, for a new backend on the same storage', async () => {
      const first = await ctx.open();
      await first.subscribe(REMINDERS);
      const later = new Event('REMIND', {}, { delayMs: 200 });
      await first.enqueue(later);
      await first.close();
      const second = await ctx.open();
      await second.subscribe(REMINDERS);
      const [arrived] = await pullTimed(second, 1);
      expect(eventOf(arrived!.delivery).id).toBe(later.id);
      expect(arrived!.at).toBeGreaterThanOrEqual(later.deliverAt!.getTime());
    });
  });
}

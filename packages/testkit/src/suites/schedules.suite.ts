import { Event, ListensTo, Organ, Spine, silentLogger, type Backend } from '@necrostack/core';
import { itWhen, type ConformanceContext } from '../conformance-context';

const EVERY_MS = 100;
const TICKS = 4;

/** Records every TICK it handles: its id, its tick time, and when it was handled. */
@Organ({ name: 'Ticker' })
@ListensTo('TICK')
class TickerOrgan {
  constructor(readonly handled: { id: string; tick: number; at: number }[]) {}

  handle(event: Event): void {
    this.handled.push({ id: event.id, tick: event.timestamp.getTime(), at: Date.now() });
  }
}

/** Recurring schedules: `claimTick` and the Spine's `schedules` option, across two workers. */
export function schedulesSuite(ctx: ConformanceContext): void {
  const caps = ctx.capabilities;
  const claim = (backend: Backend, tickAt: number) =>
    (backend.claimTick as NonNullable<Backend['claimTick']>)('report', tickAt, new Event('TICK', {}, { timestamp: tickAt }));

  describe('recurring schedules', () => {
    itWhen(caps.recurringSchedules, 'recurringSchedules', 'claims a tick once, and no tick earlier than the latest claimed', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Ticker', eventTypes: ['TICK'] }]);
      expect([await claim(backend, 2_000), await claim(backend, 2_000), await claim(backend, 1_000), await claim(backend, 3_000)])
        .toEqual([true, false, false, true]);
      expect((await ctx.pull(backend, 2)).map((d) => d.kind === 'event' && d.event.timestamp.getTime())).toEqual([2_000, 3_000]);
      await ctx.expectNoMore(backend);
    });

    itWhen(caps.recurringSchedules, 'recurringSchedules', `publishes each tick once across two workers (${TICKS} ticks of ${EVERY_MS} ms)`, async () => {
      const first = await ctx.open();
      // Two workers on one storage: two backends where they compete for a group, else one backend.
      const second = caps.competingConsumers ? await ctx.open() : first;
      const handled: { id: string; tick: number; at: number }[] = [];
      const schedules = [{ name: 'report', every: EVERY_MS, eventType: 'TICK' }];
      const spines = [first, second].map((backend) => new Spine({ organs: [new TickerOrgan(handled)], backend, logger: silentLogger, schedules }));
      const running = spines.map((spine) => spine.runForever());
      try {
        await ctx.waitFor(() => new Set(handled.map((h) => h.tick)).size >= TICKS, `${TICKS} ticks`);
      } finally {
        await Promise.all(spines.map((spine) => spine.stop()));
        await Promise.all(running);
      }
      const ticks = handled.map((h) => h.tick);
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(new Set(handled.map((h) => h.id)).size).toBe(ticks.length);
      expect(ticks.filter((tick) => tick % EVERY_MS !== 0)).toEqual([]);
      expect(handled.filter((h) => h.at < h.tick)).toEqual([]);
    });
  });
}

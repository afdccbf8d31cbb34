import { Event, ListensTo, Organ, Spine, silentLogger, type EventDelivery } from '@necrostack/core';
import { orders } from './support/organs';
import { RedisTestEnv, fields, waitFor } from './support/redis-test-env';

const GROUP = 'necrostack:Shipping';

/** Handles ORDER_PLACED slowly: each call waits until `release()`, or `delayMs`. */
@Organ({ name: 'Shipping' })
@ListensTo('ORDER_PLACED')
class SlowShipping {
  readonly seen: string[] = [];
  #open!: () => void;
  readonly #gate = new Promise<void>((resolve) => { this.#open = resolve; });
  constructor(private readonly delayMs: number) {}
  async handle(event: Event) {
    this.seen.push(event.id);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#gate, new Promise((resolve) => { timer = setTimeout(resolve, this.delayMs); })]);
    clearTimeout(timer);
  }
  release(): void {
    this.#open();
  }
}

describe('RedisBackend recovery', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  /** Leaves `count` entries pending on a consumer that then goes silent. */
  async function abandon(count: number): Promise<Event[]> {
    const backend = env.backend();
    await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
    const events = orders(count);
    await backend.enqueue(events);
    await env.send('XREADGROUP', 'GROUP', GROUP, 'ghost', 'COUNT', String(count), 'STREAMS', env.streamKey, '>');
    return events;
  }

  describe('when a consumer goes silent with pending deliveries', () => {
    it('lets a live consumer take them over after claimMinIdleMs, one at a time, counting the attempt', async () => {
      const events = await abandon(3);
      const backend = env.backend({ claimMinIdleMs: 100, claimIntervalMs: 10 });
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);

      const taken: EventDelivery[] = [];
      await waitFor(async () => {
        const got = (await backend.pull(10, 50)) as EventDelivery[];
        // A dead consumer's entries come one at a time: the next only once this one is settled.
        expect(got.length).toBeLessThanOrEqual(1);
        taken.push(...got);
        await backend.settle({ acks: got, nacks: [], releases: [], deadLetters: [] });
        return taken.length === 3;
      }, { what: 'three takeovers' });

      expect(taken.map((d) => d.event.id)).toEqual(events.map((e) => e.id));
      expect(taken.map((d) => d.attempt)).toEqual([2, 2, 2]);
      expect(backend.metrics.pendingRecovered).toBe(3);
      expect(await env.send('XPENDING', env.streamKey, GROUP, '-', '+', '10')).toEqual([]);
    });

    it('takes a dead consumer\'s next entry only once the one it holds is settled', async () => {
      await abandon(2);
      const backend = env.backend({ claimMinIdleMs: 50, claimIntervalMs: 10 });
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      const [first] = await waitFor(async () => { const got = await backend.pull(10, 20); return got.length > 0 && got; }, { what: 'a takeover' });
      // The second entry went idle with the first, so it could be taken too: it is not, while the first is held.
      for (let i = 0; i < 5; i++) expect(await backend.pull(10, 20)).toEqual([]);
      await backend.settle({ acks: [first!], nacks: [], releases: [], deadLetters: [] });
      const [second] = await waitFor(async () => { const got = await backend.pull(10, 20); return got.length > 0 && got; }, { what: 'the second takeover' });
      expect(second!.deliveryId).not.toBe(first!.deliveryId);
    });

    it('hands a delivery already tried maxDeliveries times to the Spine, which dead-letters it unrun', async () => {
      const [event] = await abandon(1);
      const [[id]] = await env.send<[string][]>('XPENDING', env.streamKey, GROUP, '-', '+', '1');
      await env.send('XCLAIM', env.streamKey, GROUP, 'ghost', '0', id as string, 'RETRYCOUNT', '3', 'JUSTID');
      const backend = env.backend({ claimMinIdleMs: 50, claimIntervalMs: 10, maxDeliveries: 3 });
      const shipping = new SlowShipping(0);
      const spine = new Spine({ organs: [shipping], backend, logger: silentLogger });

      await waitFor(async () => {
        await spine.run();
        return (await env.send<number>('XLEN', `${env.streamKey}:dlq`)) > 0;
      }, { what: 'the dead letter' });

      expect(shipping.seen).toEqual([]);
      const [[, flat]] = await env.send<[string, string[]][]>('XRANGE', `${env.streamKey}:dlq`, '-', '+');
      expect(fields(flat)).toMatchObject({ error_class: 'DeliveryExhaustedError', attempts: '3', original_id: id, organ: 'Shipping' });
      expect(JSON.parse(fields(flat).event as string).id).toBe(event?.id);
      expect(await env.send('XPENDING', env.streamKey, GROUP, '-', '+', '10')).toEqual([]);
    });
  });

  describe('when a handler is slower than claimMinIdleMs', () => {
    it('keeps its claim fresh so no other consumer takes it', async () => {
      const slowBackend = env.backend({ claimMinIdleMs: 150, claimIntervalMs: 10 });
      const otherBackend = env.backend({ claimMinIdleMs: 150, claimIntervalMs: 10 });
      const slow = new SlowShipping(700);
      const other = new SlowShipping(0);
      const spineA = new Spine({ organs: [slow], backend: slowBackend, logger: silentLogger, pollIntervalMs: 20 });
      const spineB = new Spine({ organs: [other], backend: otherBackend, logger: silentLogger, pollIntervalMs: 20 });
      const runningA = spineA.runForever();
      await slowBackend.enqueue(orders(1));
      await waitFor(() => slow.seen.length === 1, { what: 'the slow handler to start' });
      const runningB = spineB.runForever();

      await waitFor(() => slowBackend.metrics.eventsAcked === 1, { what: 'the slow handler to finish', timeoutMs: 5_000 });

      await Promise.all([spineA.stop(), spineB.stop()]);
      await Promise.all([runningA, runningB]);
      expect(other.seen).toEqual([]);
      expect(otherBackend.metrics.pendingRecovered).toBe(0);
    });
  });

  describe('when a worker stops gracefully', () => {
    it('hands unfinished deliveries back so another consumer takes them at once, without counting an attempt', async () => {
      const leaving = env.backend({ claimMinIdleMs: 60_000 });
      const slow = new SlowShipping(60_000);
      const spine = new Spine({ organs: [slow], backend: leaving, logger: silentLogger, pollIntervalMs: 20 });
      const running = spine.runForever();
      await leaving.enqueue(orders(1));
      await waitFor(() => slow.seen.length === 1, { what: 'the handler to start' });

      await spine.stop(0);
      await running;
      await leaving.close();
      slow.release();

      const staying = env.backend({ claimMinIdleMs: 60_000, claimIntervalMs: 10 });
      await staying.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      const [taken] = await waitFor(async () => { const got = await staying.pull(10, 20); return got.length > 0 && got; }, { what: 'a takeover' });
      expect((taken as EventDelivery).event.id).toBe(slow.seen[0]);
      expect(taken?.attempt).toBe(1);
    });

    it('hands back what close() finds buffered', async () => {
      const leaving = env.backend({ claimMinIdleMs: 60_000 });
      const subscriptions = [{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }, { group: 'Billing', eventTypes: ['ORDER_PLACED'] }];
      await leaving.subscribe(subscriptions);
      await leaving.enqueue(orders(1));
      const [first] = await leaving.pull(1, 0);
      await leaving.settle({ acks: [first!], nacks: [], releases: [], deadLetters: [] });
      await leaving.close();

      const staying = env.backend({ claimMinIdleMs: 60_000, claimIntervalMs: 10 });
      await staying.subscribe(subscriptions);
      const taken = await staying.pull(10, 0);
      expect(taken).toHaveLength(1);
      expect(taken[0]?.group).not.toBe(first?.group);
      expect(taken[0]?.attempt).toBe(1);
    });
  });

  describe('when consumers are idle past consumerIdleMs', () => {
    it('deletes those that own nothing and keeps those with pending entries', async () => {
      await abandon(1);
      await env.send('XGROUP', 'CREATECONSUMER', env.streamKey, GROUP, 'empty-ghost');
      const backend = env.backend({ retention: { consumerIdleMs: 1, intervalMs: 0 } });
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      await waitFor(async () => {
        const consumers = await env.send<string[][]>('XINFO', 'CONSUMERS', env.streamKey, GROUP);
        return consumers.every((c) => Number(fields(c).idle) >= 1) || undefined;
      });

      const report = await backend.maintain();

      const consumers = await env.send<string[][]>('XINFO', 'CONSUMERS', env.streamKey, GROUP);
      expect(consumers.map((c) => fields(c).name)).toEqual(['ghost']);
      expect(report.consumersDeleted).toBe(1);
    });
  });
});

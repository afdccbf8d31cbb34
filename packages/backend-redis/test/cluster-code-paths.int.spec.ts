import { Event, ListensTo, Organ, Spine, silentLogger, type EventDelivery } from '@necrostack/core';
import type { RedisBackendOptions } from '@necrostack/backend-redis';
import { orders } from './support/organs';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';
import { waitFor } from './support/redis-test-env';

/** Fails while `failing`; emits a follow-up once it succeeds. */
@Organ({ idempotent: true })
@ListensTo('ORDER_PLACED')
class Flaky {
  failing = true;
  readonly done: string[] = [];
  handle(event: Event) {
    if (this.failing) throw new Error('not now');
    this.done.push(event.id);
    return new Event('ORDER_BILLED', { orderId: event.id });
  }
}

@Organ()
@ListensTo('ORDER_BILLED')
@ListensTo('REMINDER')
@ListensTo('TICK')
class Sink {
  readonly seen: string[] = [];
  handle(event: Event) {
    this.seen.push(event.eventType);
  }
}

/**
 * Every code path of the backend against a Cluster: each must keep its keys in one slot. A
 * command or script mixing slots fails with CROSSSLOT, which every master counts (INFO errorstats).
 */
describe('RedisBackend on a Redis Cluster, every code path', () => {
  const cluster = new PrivateCluster();
  let env: ClusterTestEnv;
  beforeAll(async () => { await cluster.start(); }, 60_000);
  afterAll(async () => { await cluster.destroy(); });
  beforeEach(() => { env = new ClusterTestEnv(cluster); });
  afterEach(async () => {
    await env.cleanup();
    expect(await cluster.errorCounts('CROSSSLOT')).toEqual([0, 0, 0]);
  });

  // Partitions are in slots of their own, apart from the dead letters, retry streams and sagas.
  describe.each<[string, RedisBackendOptions]>([
    ['the single layout', { layout: 'single' }],
    ['the per-type layout', { layout: 'per-type' }],
    ['3 partitions', { partitions: 3 }],
  ])('with %s', (_, layout) => {
    it('enqueues, consumes, retries, dead-letters, replays and purges', async () => {
      const backend = env.backend({ ...layout, maxDeliveries: 2, idempotencyTtlMs: 60_000 });
      const [flaky, sink] = [new Flaky(), new Sink()];
      const spine = new Spine({ organs: [flaky, sink], backend, logger: silentLogger, retryAttempts: 1 });
      const placed = orders(4);

      await spine.run(placed);
      // Partitions keep no order between them: sorted.
      expect((await backend.deadLetters.getAll()).map((l) => l.event?.id).sort()).toEqual(placed.map((e) => e.id).sort());
      expect(await backend.deadLetters.refresh()).toEqual({ size: 4, droppedCount: 0 });

      flaky.failing = false;
      const first = (await backend.deadLetters.getAll()).find((l) => l.event?.id === placed[0]!.id);
      expect(await backend.deadLetters.delete([first!.id])).toBe(1);
      expect(await backend.deadLetters.replay({ organ: 'Flaky' })).toBe(3);
      await spine.run();
      expect(flaky.done).toHaveLength(3);
      expect(sink.seen).toEqual(['ORDER_BILLED', 'ORDER_BILLED', 'ORDER_BILLED']);

      await spine.run(placed.slice(1)); // already completed by the idempotent organ: acked, not run
      expect(flaky.done).toHaveLength(3);
      await backend.deadLetters.clear();
      expect(await backend.deadLetters.getAll()).toEqual([]);
    });

    it('reports health, status and metrics, and applies retention', async () => {
      const backend = env.backend({ ...layout, retention: { consumerIdleMs: 1 } });
      await new Spine({ organs: [new Sink()], backend, logger: silentLogger }).run([new Event('TICK', {}), new Event('REMINDER', {})]);

      const health = await backend.health();
      expect(health.healthy).toBe(true);
      expect(health.details.streams.map((s) => s.groups.map((g) => g.pending)).flat()).toEqual(health.details.streams.map(() => 0));
      expect(backend.metrics).toMatchObject({ eventsEnqueued: 2, eventsAcked: 2 });
      // The consumer owns nothing and is idle past 1 ms: the next pass deletes it.
      await waitFor(async () => (await backend.maintain()).consumersDeleted > 0, { what: 'the idle consumer deleted' });
    });
  });

  describe.each<[string, RedisBackendOptions]>([['one stream', {}], ['3 partitions', { partitions: 3 }]])('with %s', (_, partitioned) => {
    it('moves delayed events in when due, claims schedule ticks once, and keeps saga instances', async () => {
      const backend = env.backend({ ...partitioned, delayed: { pollIntervalMs: 10 } });
      const sink = new Sink();
      const spine = new Spine({ organs: [sink], backend, logger: silentLogger, pollIntervalMs: 10 });
      await backend.enqueue(new Event('REMINDER', {}, { delayMs: 100 }));
      expect(await backend.claimTick('daily', 1_000, new Event('TICK', {}))).toBe(true);
      expect(await backend.claimTick('daily', 1_000, new Event('TICK', {}))).toBe(false);

      const running = spine.runForever();
      await waitFor(() => sink.seen.length === 2, { what: 'the tick and the delayed reminder' });
      await spine.stop();
      await running;
      expect(sink.seen.sort()).toEqual(['REMINDER', 'TICK']);

      expect(await backend.sagas.save('Checkout', 'o-1', 0, '{"paid":false}', 60_000)).toBe(true);
      expect(await backend.sagas.save('Checkout', 'o-1', 0, '{"paid":true}')).toBe(false);
      expect(await backend.sagas.load('Checkout', 'o-1')).toEqual({ version: 1, data: '{"paid":false}' });
    });

    it('lets a live consumer take over what a silent one held', async () => {
      const subscription = [{ group: 'Sink', eventTypes: ['ORDER_PLACED'] }];
      // The claim script's path: with per-key ordering a partition's deliveries stay with its lease
      // holder, which is alive here (fleet-order-cluster.int.spec.ts covers takeover under leases).
      const unordered: RedisBackendOptions = { ...partitioned, ordering: 'none' };
      const silent = env.backend(unordered);
      await silent.subscribe(subscription);
      await silent.enqueue(orders(3));
      expect(await silent.pull(10, 100)).toHaveLength(3);

      const live = env.backend({ ...unordered, claimMinIdleMs: 100, claimIntervalMs: 10 });
      await live.subscribe(subscription);
      const taken: EventDelivery[] = [];
      await waitFor(async () => {
        const got = (await live.pull(10, 50)) as EventDelivery[];
        taken.push(...got);
        await live.settle({ acks: got, nacks: [], releases: [], deadLetters: [] });
        return taken.length === 3;
      }, { what: 'three takeovers' });
      expect(live.metrics.pendingRecovered).toBe(3);
    });
  });
});

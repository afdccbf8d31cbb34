import { Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger, type EventDelivery } from '@necrostack/core';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';
import { Steps, stepEvents } from './support/steps-organ';

@Organ()
@ListensTo('ORDER_PLACED')
class Collect {
  readonly seen: string[] = [];
  handle(event: Event) {
    this.seen.push(event.id);
  }
}

function placed(count: number): Event[] {
  return Array.from({ length: count }, (_, i) => new Event('ORDER_PLACED', { n: i }, { correlationId: `order-${i}` }));
}

describe('RedisBackend with partitions on a Redis Cluster', () => {
  const cluster = new PrivateCluster();
  let env: ClusterTestEnv;
  beforeAll(async () => { await cluster.start(); }, 60_000);
  afterAll(async () => { await cluster.destroy(); });
  beforeEach(() => { env = new ClusterTestEnv(cluster); });
  afterEach(async () => {
    await env.cleanup();
    expect(await cluster.errorCounts('CROSSSLOT')).toEqual([0, 0, 0]);
  });

  it('spreads the events over partition streams on several masters', async () => {
    const backend = env.backend({ partitions: 12 });
    await backend.enqueue(placed(200));
    const { partitionStreams } = backend.keys;
    expect(partitionStreams[3]).toBe(`{${env.tag}-p3}:events`);
    const lengths = await Promise.all(partitionStreams.map((key) => cluster.send<number>(key, 'XLEN', key)));
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(200);
    const masters = new Set<number>();
    for (const [i, key] of partitionStreams.entries()) if ((lengths[i] as number) > 0) masters.add((await cluster.masterOf(key)).port);
    expect(masters.size).toBeGreaterThanOrEqual(2);
  });

  it.each([3, 12])('delivers every event once with %i partitions', async (partitions) => {
    const backend = env.backend({ partitions });
    const collect = new Collect();
    const events = placed(300);
    const stats = await new Spine({ organs: [collect], backend, logger: silentLogger, concurrency: 16 }).run(events);
    expect(stats.eventsProcessed).toBe(300);
    expect(collect.seen.sort()).toEqual(events.map((e) => e.id).sort());
    const health = await backend.health();
    expect(health.details.streams.flatMap((s) => s.groups.map((g) => g.pending))).toEqual(health.details.streams.map(() => 0));
  });

  it('handles one key at a time, in order, with concurrency 16 over 1,000 keys', async () => {
    const backend = env.backend({ partitions: 3, claimIntervalMs: 20 });
    const steps = new Steps();
    const { keys, events } = stepEvents(1_000);
    for (let at = 0; at < events.length; at += 300) await backend.enqueue(events.slice(at, at + 300));
    const spine = new Spine({
      organs: [steps], backend, logger: silentLogger, concurrency: 16, handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1, retryBaseDelayMs: 1,
    });
    await spine.run();
    expect(steps.overlaps).toBe(0);
    expect(steps.failed.size).toBe(1_000);
    for (const key of keys) expect(steps.started.get(key)).toEqual([0, 1, 1, 2]);
  }, 60_000);

  describe('dead letters, whose stream is in another slot than the partitions', () => {
    const subscription = [{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }, { group: 'Shipping', eventTypes: ['ORDER_PLACED'] }];
    const declined = new Error('declined');

    it('stores one dead letter when the same delivery is dead-lettered twice, and acks it', async () => {
      const backend = env.backend({ partitions: 3 });
      await backend.subscribe(subscription.slice(0, 1));
      await backend.enqueue(placed(1));
      const [delivery] = (await backend.pull(1, 0)) as EventDelivery[];
      const letter = { delivery: delivery!, event: delivery!.event, organ: 'Billing', error: declined, attempts: 1 };
      for (let i = 0; i < 2; i++) await backend.settle({ acks: [], nacks: [], releases: [], deadLetters: [letter] });
      expect(await backend.deadLetters.getAll()).toHaveLength(1);
      const stream = backend.keys.partitionOf(delivery!.event);
      expect((await cluster.send<[number]>(stream, 'XPENDING', stream, 'necrostack:Billing'))[0]).toBe(0);
    });

    it('replays a dead letter that names no organ into its partition, for every group', async () => {
      const backend = env.backend({ partitions: 3 });
      await backend.subscribe(subscription);
      const [event] = placed(1) as [Event];
      await backend.settle({ acks: [], nacks: [], releases: [], deadLetters: [{ event, organ: 'Billing', error: declined, attempts: 1 }] });
      expect(await backend.deadLetters.replay()).toBe(1);
      expect(await backend.deadLetters.getAll()).toEqual([]);
      const got = (await backend.pull(10, 0)) as EventDelivery[];
      expect(got.map((d) => [d.group, d.event.id]).sort()).toEqual([['Billing', event.id], ['Shipping', event.id]]);
      expect(got[0]!.deliveryId).toContain(`@${backend.keys.partitionOf(event)}`);
    });
  });
});

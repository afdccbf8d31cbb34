import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';

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
});

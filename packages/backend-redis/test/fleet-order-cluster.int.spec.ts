import { FleetHarness } from './support/fleet-harness';
import { fleetEvents } from './support/fleet-record';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';
import { REDIS_URL, RedisTestEnv } from './support/redis-test-env';
import type { WorkerProcess } from './support/worker-process';

jest.setTimeout(180_000);

const PARTITIONS = 12;
const STEPS = 3;

/** Per-key order across worker processes on a 3-master Redis Cluster, through a SIGKILL (see fleet-order.int.spec.ts). */
describe('per-key order across worker processes on a Redis Cluster', () => {
  const cluster = new PrivateCluster();
  let env: ClusterTestEnv;
  let recordEnv: RedisTestEnv;
  let fleet: FleetHarness;
  beforeAll(async () => { await cluster.start(); }, 60_000);
  afterAll(async () => { await cluster.destroy(); });
  beforeEach(async () => {
    env = new ClusterTestEnv(cluster);
    recordEnv = await new RedisTestEnv().start(); // the record lives on the single Redis
    const producer = env.backend({ partitions: PARTITIONS });
    fleet = new FleetHarness(producer.keys, (key, ...args) => cluster.send(key, ...args), (_key, ...args) => recordEnv.send(...args), {
      url: REDIS_URL, rootNodes: cluster.rootNodes, streamKey: env.streamKey, claimMinIdleMs: 1_500, partitions: PARTITIONS, concurrency: 16, handleDelayMs: 15,
    });
  });
  afterEach(async () => {
    await fleet.stopAll();
    await recordEnv.send('DEL', fleet.recordKey);
    await recordEnv.cleanup();
    await env.cleanup();
    expect(await cluster.errorCounts('CROSSSLOT')).toEqual([0, 0, 0]);
  });

  it('keeps each key in order across three workers when one is killed mid-run', async () => {
    const [doomed] = await Promise.all(['doomed', 'b', 'c'].map((name) => fleet.worker(name))) as [WorkerProcess];
    await fleet.balanced(3);
    const { expected, events } = fleetEvents(300, STEPS);
    const producer = env.backend({ partitions: PARTITIONS });
    for (let at = 0; at < events.length; at += 300) await producer.enqueue(events.slice(at, at + 300));
    await fleet.killMidRun(doomed, expected.length);
    await fleet.expectOrderAfterCrash(doomed, expected, STEPS);
  });
});

import { describeBackendConformance } from '@necrostack/testkit';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';

const cluster = new PrivateCluster();
beforeAll(async () => { await cluster.start(); }, 60_000);
afterAll(async () => { await cluster.destroy(); });

describeBackendConformance('RedisBackend on a Redis Cluster', {
  capabilities: { persistent: true, competingConsumers: true, malformedEntries: true, idempotentSubscriptions: true, delayedDelivery: true, recurringSchedules: true },
  setup() {
    const env = new ClusterTestEnv(cluster);
    return {
      createBackend: (options) => env.backend({ claimMinIdleMs: 1_000, ...options }),
      async enqueueRaw(text: string) {
        await env.send('XADD', env.streamKey, '*', 'event', text);
      },
      teardown: () => env.cleanup(),
    };
  },
});

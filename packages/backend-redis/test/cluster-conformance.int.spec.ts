import type { RedisBackend } from '@necrostack/backend-redis';
import { describeBackendConformance, type BackendHarness } from '@necrostack/testkit';
import { firstEventStream, redisCapabilities } from './support/conformance-harness';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';

const PARTITIONS = 4;

// One private cluster for both runs of this file.
const cluster = new PrivateCluster();
beforeAll(async () => { await cluster.start(); }, 60_000);
afterAll(async () => { await cluster.destroy(); });
// Runs after the suite's own cleanup: no command of a test touched keys of two slots.
afterEach(async () => { expect(await cluster.errorCounts('CROSSSLOT')).toEqual([0, 0, 0]); });

/** The conformance harness on the private cluster, with `partitions` partition streams (each in a slot of its own). */
function clusterHarness(partitions: number): BackendHarness {
  return {
    capabilities: redisCapabilities(partitions),
    setup() {
      const env = new ClusterTestEnv(cluster);
      const rawStream = firstEventStream(env.streamKey, partitions);
      return {
        createBackend: (options) => env.backend({
          partitions, claimMinIdleMs: 1_000, ...options,
        }),
        sagaStore: (backend) => (backend as RedisBackend).sagas,
        async enqueueRaw(text: string) {
          await cluster.send(rawStream, 'XADD', rawStream, '*', 'event', text);
        },
        // Closes the backends and deletes every key of the test's hash tag, the partitions' `{<tag>-p<i>}` included.
        teardown: () => env.cleanup(),
      };
    },
  };
}

describeBackendConformance('RedisBackend on a Redis Cluster', clusterHarness(1));
describeBackendConformance(`RedisBackend on a Redis Cluster with ${PARTITIONS} partitions`, clusterHarness(PARTITIONS));

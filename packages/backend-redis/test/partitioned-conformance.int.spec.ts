import type { RedisBackend } from '@necrostack/backend-redis';
import { describeBackendConformance } from '@necrostack/testkit';
import { firstEventStream, redisCapabilities } from './support/conformance-harness';
import { RedisTestEnv } from './support/redis-test-env';

const PARTITIONS = 4;

describeBackendConformance(`RedisBackend with ${PARTITIONS} partitions`, {
  capabilities: redisCapabilities(PARTITIONS),
  async setup() {
    const env = await new RedisTestEnv().start();
    const rawStream = firstEventStream(env.streamKey, PARTITIONS);
    return {
      createBackend: (options) => env.backend({ partitions: PARTITIONS, claimMinIdleMs: 1_000, ...options }),
      sagaStore: (backend) => (backend as RedisBackend).sagas,
      async enqueueRaw(text: string) {
        await env.send('XADD', rawStream, '*', 'event', text);
      },
      // Closes the backends and deletes every key of the test, its partition streams' included.
      teardown: () => env.cleanup(),
    };
  },
});

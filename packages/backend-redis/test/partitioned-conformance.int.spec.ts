import { RedisBackend, RedisKeys } from '@necrostack/backend-redis';
import { DEFAULT_CONSUMER_GROUP } from '@necrostack/backend-redis';
import { describeBackendConformance } from '@necrostack/testkit';
import { RedisTestEnv } from './support/redis-test-env';

const PARTITIONS = 4;

describeBackendConformance(`RedisBackend with ${PARTITIONS} partitions`, {
  capabilities: {
    persistent: true, competingConsumers: true, malformedEntries: true, idempotentSubscriptions: true, delayedDelivery: true, recurringSchedules: true,
    sagaStore: true, globalOrder: false,
  },
  async setup() {
    const env = await new RedisTestEnv().start();
    // A foreign producer writes to one partition's stream: partition 0, which every group reads too.
    const [firstPartition] = new RedisKeys({ streamKey: env.streamKey, consumerGroup: DEFAULT_CONSUMER_GROUP, partitions: PARTITIONS }).partitionStreams;
    return {
      createBackend: (options) => env.backend({ partitions: PARTITIONS, claimMinIdleMs: 1_000, ...options }),
      sagaStore: (backend) => (backend as RedisBackend).sagas,
      async enqueueRaw(text: string) {
        await env.send('XADD', firstPartition as string, '*', 'event', text);
      },
      teardown: () => env.cleanup(),
    };
  },
});

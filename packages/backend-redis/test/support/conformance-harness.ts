import { DEFAULT_CONSUMER_GROUP, RedisKeys } from '@necrostack/backend-redis';
import type { BackendCapabilities } from '@necrostack/testkit';

/** What RedisBackend declares to the conformance suite, on one node or a Cluster, with `partitions` streams. */
export function redisCapabilities(partitions: number): BackendCapabilities {
  return {
    persistent: true, competingConsumers: true, malformedEntries: true, idempotentSubscriptions: true, delayedDelivery: true, recurringSchedules: true,
    sagaStore: true, globalOrder: partitions === 1,
  };
}

/** Where a foreign producer's raw entry is read by every group: `streamKey` itself, or partition 0's stream. */
export function firstEventStream(streamKey: string, partitions: number): string {
  return new RedisKeys({ streamKey, consumerGroup: DEFAULT_CONSUMER_GROUP, partitions }).partitionStreams[0] as string;
}

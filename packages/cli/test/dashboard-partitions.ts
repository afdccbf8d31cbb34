import { partitionOf, RedisBackend, RedisKeys } from '@necrostack/backend-redis';
import { Event, silentLogger, type Delivery } from '@necrostack/core';
import { REDIS_URL, withRedis } from './helpers';
import type { TestSpace } from './test-space';

/** The partition whose deliveries {@link partitionedWork} acknowledges: its events are no longer pending. */
export const ACKED_PARTITION = 1;

/** The open backends, by consumer name. */
const open = new Map<string, RedisBackend>();

/**
 * Leaves a partitioned deployment in a known state: `perPartition[i]` `ORDER` events on partition
 * `i` (one correlation id each, so the default partition key spreads them); organ Alpha, whose
 * worker `worker-a` pulled them all and acknowledged those of {@link ACKED_PARTITION} only (the
 * rest stay pending), with a second worker `worker-b` that joined every partition and got nothing
 * (both joined every partition's group, as a worker's first read there does; worker-a holds
 * every partition's lease); organ Gamma, subscribed by `worker-g` (holding its leases) and never read. `beforePull` runs once both groups exist, before Alpha reads.
 * Resolves with the deployment's keys; its backends stay open until {@link closePartitionedWork}.
 */
export async function partitionedWork(space: TestSpace, perPartition: readonly number[], beforePull?: () => Promise<void>): Promise<RedisKeys> {
  const partitions = perPartition.length;
  const keys = new RedisKeys({ streamKey: space.stream, consumerGroup: 'necrostack', partitions });
  const backend = (consumerName: string) => {
    const opened = new RedisBackend({ url: REDIS_URL, streamKey: space.stream, partitions, consumerName, logger: silentLogger });
    open.set(consumerName, opened);
    return opened;
  };
  const [publisher, worker, gamma] = [backend('publisher'), backend('worker-a'), backend('worker-g')];
  await publisher.enqueue(correlationIds(perPartition).map((id) => new Event('ORDER', { order: id }, { correlationId: id })));
  await gamma.subscribe([{ group: 'Gamma', eventTypes: ['ORDER'] }]);
  await worker.subscribe([{ group: 'Alpha', eventTypes: ['ORDER'] }]);
  await beforePull?.();
  const pulled = await drain(worker, perPartition.reduce((a, b) => a + b, 0));
  const acked = pulled.filter((d) => keys.parseDeliveryId(d.deliveryId).stream === keys.partitionStreams[ACKED_PARTITION]);
  await worker.settle({ acks: acked, nacks: [], releases: [], deadLetters: [] });
  await withRedis((redis) => Promise.all(keys.partitionStreams.flatMap((stream) => ['worker-a', 'worker-b']
    .map((consumer) => redis.sendCommand(['XGROUP', 'CREATECONSUMER', stream, keys.groupName('Alpha'), consumer])))));
  return keys;
}

/** Closes the backends {@link partitionedWork} opened. Call after each test, before the test space cleans up. */
export async function closePartitionedWork(): Promise<void> {
  const backends = [...open.values()];
  open.clear();
  await Promise.all(backends.map((b) => b.close()));
}

/** Closes the backend of `consumerName` (`worker-g`: Gamma's leases are released, so no worker reads Gamma). */
export async function closeConsumer(consumerName: string): Promise<void> {
  const backend = open.get(consumerName);
  open.delete(consumerName);
  await backend?.close();
}

/** Correlation ids that put `perPartition[i]` events on partition `i`. */
function correlationIds(perPartition: readonly number[]): string[] {
  const left = [...perPartition];
  const ids: string[] = [];
  const wanted = perPartition.reduce((a, b) => a + b, 0);
  for (let n = 0; n < 100_000 && ids.length < wanted; n++) {
    const id = `order-${n}`;
    const partition = partitionOf(id, perPartition.length);
    if ((left[partition] ?? 0) > 0) {
      left[partition] = (left[partition] ?? 0) - 1;
      ids.push(id);
    }
  }
  return ids;
}

/** Pulls until `count` deliveries came (at most 20 pulls). @throws Error when fewer came. */
async function drain(backend: RedisBackend, count: number): Promise<Delivery[]> {
  const pulled: Delivery[] = [];
  for (let round = 0; round < 20 && pulled.length < count; round++) pulled.push(...await backend.pull(count, 100));
  if (pulled.length !== count) throw new Error(`expected ${count} deliveries, pulled ${pulled.length}`);
  return pulled;
}

import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import type { RedisBackend } from '@necrostack/backend-redis';
import { openBackend } from '../src/config/backend';
import { REDIS_URL, withRedis } from './helpers';
import { useTestSpace } from './test-space';

@Organ()
@ListensTo('ORDER_PLACED')
class Collect {
  handle(): void {}
}

describe('the ordering a worker passes to the Redis backend (--ordering)', () => {
  const space = useTestSpace();

  /** Runs one event through a backend opened as `necro worker` opens it; returns the lease holders of its partitions. */
  async function leaseHolders(ordering: 'per-key' | 'none' | undefined): Promise<(string | null)[]> {
    const flags = { backend: REDIS_URL, stream: space.stream, consumerGroup: 'necrostack', partitions: 2 };
    const backend = openBackend(flags, { consumerName: 'worker-1', claimMinIdleMs: 3_000, ...(ordering ? { ordering } : {}) }) as RedisBackend;
    try {
      await new Spine({ organs: [new Collect()], backend, logger: silentLogger }).run(new Event('ORDER_PLACED', {}));
      const { keys } = backend;
      const owners = keys.partitionStreams.map((stream) => keys.ownerKey(keys.groupName('Collect'), stream));
      return await withRedis((client) => Promise.all(owners.map((key) => client.get(key))));
    } finally {
      await backend.close();
    }
  }

  it('keeps per-key order with partitions by default and with per-key: the worker holds the partition leases', async () => {
    expect(await leaseHolders(undefined)).toEqual(['worker-1', 'worker-1']);
    expect(await leaseHolders('per-key')).toEqual(['worker-1', 'worker-1']);
  });

  it('takes no lease with none: every worker reads every partition', async () => {
    expect(await leaseHolders('none')).toEqual([null, null]);
  });
});

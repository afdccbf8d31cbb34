import { Event } from '@necrostack/core';
import { RedisKeys, defaultPartitionKey, partitionOf } from '@necrostack/backend-redis';

describe('partitions', () => {
  it('names each partition by adding -p<i> inside the hash tag', () => {
    const keys = new RedisKeys({ streamKey: 'app{orders}:events', consumerGroup: 'necrostack', partitions: 3 });
    expect(keys.partitionStreams).toEqual(['app{orders-p0}:events', 'app{orders-p1}:events', 'app{orders-p2}:events']);
    expect(new RedisKeys({ streamKey: 'necrostack:events', consumerGroup: 'c', partitions: 2 }).partitionStreams)
      .toEqual(['{necrostack:events-p0}', '{necrostack:events-p1}']);
  });

  it('keeps every key of one partition as it was', () => {
    const keys = new RedisKeys({ streamKey: '{shop}:events', consumerGroup: 'c' });
    expect(keys.partitionStreams).toEqual(['{shop}:events']);
    expect(keys.partitionOf(new Event('A', {}))).toBe('{shop}:events');
    expect([keys.delayedOf('{shop}:events'), keys.schedulesOf('{shop}:events'), keys.doneKey('G', 'id', '{shop}:events')])
      .toEqual([keys.delayed, keys.schedules, '{shop}:events:done:G:id']);
  });

  it('puts the keys a script uses with a partition in its slot, and the rest under streamKey', () => {
    const keys = new RedisKeys({ streamKey: '{shop}:events', consumerGroup: 'c', partitions: 4 });
    const p2 = '{shop-p2}:events';
    expect([keys.delayedOf(p2), keys.schedulesOf(p2), keys.doneKey('G', 'id', p2), keys.enqueueMark('b', p2)])
      .toEqual([`${p2}:delayed`, `${p2}:schedules`, `${p2}:done:G:id`, `${p2}:enqueued:b`]);
    expect([keys.dlq, keys.retryStream('G'), keys.sagaKey('S', 'k')]).toEqual(['{shop}:events:dlq', '{shop}:events:retry:G', '{shop}:events:saga:S:k']);
    expect(keys.groupStreams('G', ['A'])).toEqual([...keys.partitionStreams, '{shop}:events:retry:G']);
    expect(keys.bySlot(keys.groupStreams('G', ['A']), (s) => s)).toHaveLength(5);
    // Partition ownership: a partition's lease in its slot, the group's member set under streamKey.
    expect([keys.ownerKey('c:G', p2), keys.membersKey('c:G')]).toEqual([`${p2}:owner:c:G`, '{shop}:events:members:c:G']);
  });

  it('picks a partition by a stable hash of the partition key', () => {
    // FNV-1a of the UTF-8 bytes: fixed values, the same in every process.
    expect(partitionOf('order-42', 12)).toBe(partitionOf('order-42', 12));
    expect(partitionOf('', 1_024)).toBe(0x811c9dc5 % 1_024);
    expect(partitionOf('a', 1_000)).toBe(0xe40c292c % 1_000);
    expect(partitionOf('anything', 1)).toBe(0);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8_000; i++) counts[partitionOf(`key-${i}`, 8)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(700);
  });

  it('keys an event by its correlation id, else its id', () => {
    expect(defaultPartitionKey(new Event('A', {}, { correlationId: 'order-42' }))).toBe('order-42');
    const lone = new Event('A', {});
    expect(defaultPartitionKey(lone)).toBe(lone.id);
  });
});

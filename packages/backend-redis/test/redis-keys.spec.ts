import { RedisKeys } from '@necrostack/backend-redis';

describe('RedisKeys', () => {
  it('uses streamKey as given and derives every other key from it as a suffix', () => {
    const keys = new RedisKeys({ streamKey: '{shop}:events', consumerGroup: 'necrostack', layout: 'per-type' });
    const derived = [keys.dlq, keys.dlqDropped, keys.types, keys.retryStream('Billing'), keys.doneKey('Billing', 'id'), keys.enqueueMark('batch'), keys.eventStream('ORDER_PLACED')];
    for (const key of derived) expect(key.startsWith('{shop}:events:')).toBe(true);
    expect(keys.groupName('Billing')).toBe('necrostack:Billing');
  });

  it('writes every event to streamKey in the single layout', () => {
    const keys = new RedisKeys({ streamKey: 'necrostack:events', consumerGroup: 'necrostack' });
    expect(keys.eventStream('A')).toBe('necrostack:events');
    expect(keys.groupStreams('G', ['A', 'B'])).toEqual(['necrostack:events', 'necrostack:events:retry:G']);
  });

  it('round-trips delivery ids through the stream they name', () => {
    const keys = new RedisKeys({ streamKey: 's', consumerGroup: 'c' });
    expect(keys.parseDeliveryId(keys.deliveryId('s', '1-0'))).toEqual({ stream: 's', entryId: '1-0' });
    expect(keys.parseDeliveryId(keys.deliveryId('s:retry:a@b', '2-3'))).toEqual({ stream: 's:retry:a@b', entryId: '2-3' });
  });
});

import { Event, Spine, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { Shipping } from './support/organs';
import { PrivateRedis } from './support/private-redis';
import { uniqueStreamKey } from './support/redis-test-env';

describe('RedisBackend over TLS', () => {
  let redis: PrivateRedis;
  let backend: RedisBackend | undefined;
  beforeEach(async () => { redis = await new PrivateRedis({ tls: true, password: 'tls-secret-0a9f' }).start(); });
  afterEach(async () => {
    await backend?.close();
    await redis.destroy();
  });

  it('connects with a rediss:// url (node-redis does the TLS) and runs a Spine', async () => {
    expect(redis.url.startsWith('rediss://')).toBe(true);
    backend = new RedisBackend({ url: redis.url, streamKey: uniqueStreamKey(), logger: silentLogger, socket: { ca: redis.ca } });
    const shipping = new Shipping();
    await new Spine({ organs: [shipping], backend, logger: silentLogger }).run(new Event('ORDER_PLACED', { orderId: 'T-1', amount: 1 }));
    expect(shipping.seen).toHaveLength(1);
    expect((await backend.health()).healthy).toBe(true);
  });
});

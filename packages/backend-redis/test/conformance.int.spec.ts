import { RedisBackend } from '@necrostack/backend-redis';
import { silentLogger } from '@necrostack/core';
import { describeBackendConformance } from '@necrostack/testkit';
import { redisCapabilities } from './support/conformance-harness';
import { REDIS_URL, createRawClient, uniqueStreamKey } from './support/redis-test-env';

describeBackendConformance('RedisBackend', {
  capabilities: redisCapabilities(1),
  async setup() {
    const streamKey = uniqueStreamKey();
    const raw = createRawClient();
    await raw.connect();
    return {
      createBackend: (options) => new RedisBackend({ url: REDIS_URL, streamKey, logger: silentLogger, claimMinIdleMs: 1_000, ...options }),
      sagaStore: (backend) => (backend as RedisBackend).sagas,
      async enqueueRaw(text: string) {
        await raw.sendCommand(['XADD', streamKey, '*', 'event', text]);
      },
      async teardown() {
        const keys: string[] = [];
        for await (const batch of raw.scanIterator({ MATCH: `${streamKey}*`, COUNT: 1000 })) keys.push(...batch);
        if (keys.length > 0) await raw.sendCommand(['UNLINK', ...keys]);
        await raw.close();
      },
    };
  },
});

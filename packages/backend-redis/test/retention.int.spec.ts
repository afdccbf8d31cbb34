import { Spine, silentLogger } from '@necrostack/core';
import { Shipping, orders } from './support/organs';
import { RedisTestEnv, waitFor } from './support/redis-test-env';

const SHIPPING = [{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }];

describe('RedisBackend retention', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  const length = () => env.send<number>('XLEN', env.streamKey);

  describe('when every group acknowledged the entries', () => {
    it('trims them', async () => {
      const backend = env.backend({ retention: { intervalMs: 0 } });
      await new Spine({ organs: [new Shipping()], backend, logger: silentLogger }).run(orders(300));

      const report = await backend.maintain();

      expect(report.trimmed).toBeGreaterThan(0);
      expect(await length()).toBe(300 - report.trimmed);
    });

    it('trims in the background of a worker every retention.intervalMs', async () => {
      const backend = env.backend({ retention: { intervalMs: 50 } });
      const spine = new Spine({ organs: [new Shipping()], backend, logger: silentLogger, pollIntervalMs: 20 });
      const running = spine.runForever();
      await backend.enqueue(orders(300));
      await waitFor(async () => (await length()) < 300, { what: 'a background trim' });
      await spine.stop();
      await running;
    });
  });

  describe('when a group has not read the entries yet', () => {
    it('trims nothing', async () => {
      const laggard = env.backend();
      await laggard.subscribe([{ group: 'Laggard', eventTypes: ['ORDER_PLACED'] }]);
      const backend = env.backend({ retention: { intervalMs: 0 } });
      await new Spine({ organs: [new Shipping()], backend, logger: silentLogger }).run(orders(300));

      expect((await backend.maintain()).trimmed).toBe(0);
      expect(await length()).toBe(300);
    });
  });

  describe('when entries are still pending', () => {
    it('keeps the oldest pending entry and everything after it', async () => {
      const backend = env.backend({ retention: { intervalMs: 0 } });
      await backend.subscribe(SHIPPING);
      await backend.enqueue(orders(300));
      const first = await backend.pull(200, 0);
      await backend.settle({ acks: first.slice(0, 50).concat(first.slice(100)), nacks: [], releases: [], deadLetters: [] });
      const rest = await backend.pull(200, 0);
      await backend.settle({ acks: rest, nacks: [], releases: [], deadLetters: [] });

      await backend.maintain();

      const pendingFrom = first[50]?.deliveryId as string;
      const kept = await env.send<unknown[]>('XRANGE', env.streamKey, pendingFrom, '+');
      expect(kept).toHaveLength(250);
    });
  });

  describe('when no group reads the stream', () => {
    it('trims nothing, so a group created later still gets every event', async () => {
      const producer = env.backend();
      await producer.enqueue(orders(300));
      const backend = env.backend({ retention: { intervalMs: 0 } });
      await backend.subscribe([]);
      expect((await backend.maintain()).trimmed).toBe(0);
      expect(await length()).toBe(300);
    });
  });

  describe('with the hard cap retention.maxLen', () => {
    it('bounds the stream at enqueue, approximately', async () => {
      const backend = env.backend({ retention: { maxLen: 100 } });
      for (let i = 0; i < 10; i++) await backend.enqueue(orders(100));
      const len = await length();
      expect(len).toBeGreaterThanOrEqual(100);
      expect(len).toBeLessThan(400);
    });
  });
});

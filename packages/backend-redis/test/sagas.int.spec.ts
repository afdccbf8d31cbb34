// The saga store's behaviour is in the conformance suite (packages/testkit, saga store); this is its Redis layout.
import { RedisTestEnv } from './support/redis-test-env';

describe('RedisBackend.sagas', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  it('keeps one hash per instance (version, data), persistent until a save with a time to live sets PEXPIRE', async () => {
    const store = env.backend().sagas;
    expect(await store.save('S', 'k', 0, '{"a":1}')).toBe(true);
    const hash = `${env.streamKey}:saga:S:k`;
    expect(await env.send('HGETALL', hash)).toEqual(['version', '1', 'data', '{"a":1}']);
    expect(await env.send('PTTL', hash)).toBe(-1);
    expect(await store.save('S', 'k', 1, '{"a":3}', 60_000)).toBe(true);
    const ttl = await env.send<number>('PTTL', hash);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

import { ConfigurationError, Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { RedisTestEnv } from './support/redis-test-env';

@Organ()
@ListensTo('ORDER_PLACED')
class Collect {
  readonly seen: string[] = [];
  handle(event: Event) {
    this.seen.push(event.id);
  }
}

describe('RedisBackend with partitions on one Redis', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  it('keeps the keys of one partition as before', () => {
    expect(env.backend().keys.partitionStreams).toEqual([env.streamKey]);
  });

  it('writes to the partition streams and reads them all', async () => {
    const backend = env.backend({ partitions: 4 });
    const collect = new Collect();
    const events = Array.from({ length: 100 }, (_, i) => new Event('ORDER_PLACED', { n: i }));
    await new Spine({ organs: [collect], backend, logger: silentLogger }).run(events);
    expect(collect.seen.sort()).toEqual(events.map((e) => e.id).sort());
    expect(await env.send('EXISTS', env.streamKey)).toBe(0);
    const lengths = await Promise.all(backend.keys.partitionStreams.map((key) => env.send<number>('XLEN', key)));
    expect(lengths.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it.each([0, 1.5, 1025, Number.NaN])('refuses partitions: %p', (partitions) => {
    expect(() => new RedisBackend({ partitions })).toThrow(ConfigurationError);
    expect(() => new RedisBackend({ partitions })).toThrow(/partitions: must be an integer from 1 to 1024/);
  });

  it('refuses partitions with the per-type layout', () => {
    expect(() => new RedisBackend({ partitions: 2, layout: 'per-type' })).toThrow(/per-type layout/);
  });
});

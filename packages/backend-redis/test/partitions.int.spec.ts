import { ConfigurationError, Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { RedisTestEnv } from './support/redis-test-env';
import { Steps, stepEvents } from './support/steps-organ';

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

  it('changes the number of partitions by draining, then restarting with the new one', async () => {
    const collect = new Collect();
    const before = Array.from({ length: 40 }, (_, i) => new Event('ORDER_PLACED', { n: i }));
    const old = env.backend({ partitions: 2 });
    await new Spine({ organs: [collect], backend: old, logger: silentLogger }).run(before); // drained
    const health = await old.health();
    expect(health.details.streams.flatMap((s) => s.groups.map((g) => [g.pending, g.lag]))).toEqual(health.details.streams.map(() => [0, 0]));
    await old.close();

    const after = Array.from({ length: 40 }, (_, i) => new Event('ORDER_PLACED', { n: 100 + i }));
    await new Spine({ organs: [collect], backend: env.backend({ partitions: 3 }), logger: silentLogger }).run(after);
    expect(collect.seen.sort()).toEqual([...before, ...after].map((e) => e.id).sort());
  });

  describe('ordering', () => {
    const spineOf = (steps: Steps, backend: RedisBackend) => new Spine({
      organs: [steps], backend, logger: silentLogger, concurrency: 16, handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1, retryBaseDelayMs: 1,
    });

    it.each([
      ['partitions: 4', { partitions: 4 }],
      ["ordering: 'per-key' on one stream", { ordering: 'per-key' as const }],
    ])('handles one key at a time, in order, with concurrency 16 (%s)', async (_, options) => {
      const backend = env.backend({ ...options, claimIntervalMs: 20 });
      const steps = new Steps();
      const { keys, events } = stepEvents(300);
      await backend.enqueue(events);
      await spineOf(steps, backend).run();
      expect(steps.overlaps).toBe(0);
      for (const key of keys) expect(steps.started.get(key)).toEqual([0, 1, 1, 2]);
    }, 30_000);

    it("runs a key's events side by side with ordering: 'none', and still delivers each", async () => {
      const backend = env.backend({ partitions: 4, ordering: 'none', claimIntervalMs: 20 });
      const steps = new Steps();
      const { keys, events } = stepEvents(300);
      await backend.enqueue(events);
      await spineOf(steps, backend).run();
      expect(steps.overlaps).toBeGreaterThan(0);
      for (const key of keys) expect([...(steps.started.get(key) ?? [])].sort()).toEqual([0, 1, 1, 2]);
    }, 30_000);

    it('refuses an ordering it does not know', () => {
      expect(() => new RedisBackend({ ordering: 'global' as never })).toThrow(/ordering: must be one of per-key, none, got global/);
    });
  });

  it.each([0, 1.5, 1025, Number.NaN])('refuses partitions: %p', (partitions) => {
    expect(() => new RedisBackend({ partitions })).toThrow(ConfigurationError);
    expect(() => new RedisBackend({ partitions })).toThrow(/partitions: must be an integer from 1 to 1024/);
  });

  it('refuses partitions with the per-type layout, and a partitionKey that is not a function', () => {
    expect(() => new RedisBackend({ partitions: 2, layout: 'per-type' })).toThrow(/per-type layout/);
    expect(() => new RedisBackend({ partitionKey: 'orderId' as never })).toThrow(/partitionKey: must be a function/);
  });
});

import { Event, Spine, silentLogger } from '@necrostack/core';
import { Audit, Billing, Fragile, Shipping, orders } from './support/organs';
import { RedisTestEnv, fields } from './support/redis-test-env';

describe('RedisBackend with layout per-type', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  it('writes each type to its own stream and each group reads only its types', async () => {
    const backend = env.backend({ layout: 'per-type' });
    const [billing, shipping, audit] = [new Billing(), new Shipping(), new Audit()];
    const placed = orders(10);

    await new Spine({ organs: [billing, shipping, audit], backend, logger: silentLogger }).run(placed);

    expect(billing.seen).toEqual(placed.map((e) => e.id));
    expect(shipping.seen).toEqual(placed.map((e) => e.id));
    expect(audit.seen).toHaveLength(10);
    expect(await env.send('XLEN', `${env.streamKey}:type:ORDER_PLACED`)).toBe(10);
    expect(await env.send('XLEN', `${env.streamKey}:type:ORDER_BILLED`)).toBe(10);
    expect(await env.send('EXISTS', env.streamKey)).toBe(0);
    expect((await env.send<string[]>('SMEMBERS', `${env.streamKey}:types`)).sort()).toEqual(['ORDER_BILLED', 'ORDER_PLACED']);
    const groups = await env.send<string[][]>('XINFO', 'GROUPS', `${env.streamKey}:type:ORDER_BILLED`);
    expect(groups.map((g) => fields(g).name)).toEqual(['necrostack:Audit']);
  });

  it('dead-letters and replays to the failed group', async () => {
    const backend = env.backend({ layout: 'per-type' });
    const fragile = new Fragile();
    const spine = new Spine({ organs: [fragile], backend, logger: silentLogger, retryAttempts: 1 });
    await spine.run(new Event('FRAGILE', {}));
    const [letter] = await backend.deadLetters.getAll();
    expect(letter).toMatchObject({ organ: 'Fragile', group: 'Fragile' });

    expect(await backend.deadLetters.replay()).toBe(1);
    await spine.run();

    expect(fragile.seen).toHaveLength(2);
    expect(fragile.seen[0]).toBe(fragile.seen[1]);
  });

  it('reports every type stream in health()', async () => {
    const backend = env.backend({ layout: 'per-type' });
    await backend.enqueue([...orders(2), new Event('ORDER_BILLED', {})]);
    const health = await env.backend({ layout: 'per-type' }).health();
    expect(health.healthy).toBe(true);
    expect(health.details.streamLength).toBe(3);
    expect(health.details.streams.map((s) => s.key).sort()).toEqual([
      `${env.streamKey}:type:ORDER_BILLED`, `${env.streamKey}:type:ORDER_PLACED`,
    ]);
  });
});

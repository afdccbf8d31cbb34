import { ClosedError, Event, type EventDelivery } from '@necrostack/core';
import { RedisTestEnv, fields } from './support/redis-test-env';

const JOBS = [{ group: 'Worker', eventTypes: ['JOB'] }];
const none = { acks: [], nacks: [], releases: [], deadLetters: [] };

describe('RedisBackend pull and settle', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  async function ready(options = {}) {
    const backend = env.backend(options);
    await backend.subscribe(JOBS);
    return backend;
  }

  it('delivers oldest first, up to max, and nothing twice', async () => {
    const backend = await ready();
    const jobs = [1, 2, 3, 4, 5].map((n) => new Event('JOB', { n }));
    await backend.enqueue(jobs);
    const first = await backend.pull(3, 0);
    const second = await backend.pull(3, 0);
    expect([...first, ...second].map((d) => (d as EventDelivery).event.id)).toEqual(jobs.map((j) => j.id));
    expect(first.map((d) => d.attempt)).toEqual([1, 1, 1]);
    expect(await backend.pull(3, 0)).toEqual([]);
  });

  describe('when several groups read the same events', () => {
    const groups = ['A', 'B', 'C', 'D', 'E'].map((group) => ({ group, eventTypes: ['JOB'] }));

    /** Entries read by this consumer and not acked, over every group. */
    async function heldByAllGroups(): Promise<number> {
      return (await env.groups()).reduce((sum, group) => sum + Number(group.pending), 0);
    }

    it('reads one batch in all per round, split across the groups, not one batch per group', async () => {
      const backend = env.backend();
      await backend.subscribe(groups);
      await backend.enqueue(Array.from({ length: 300 }, (_, n) => new Event('JOB', { n })));

      const batch = await backend.pull(100, 0);

      expect(batch).toHaveLength(100);
      expect(new Set(batch.map((d) => d.group))).toEqual(new Set(['A', 'B', 'C', 'D', 'E']));
      expect(await heldByAllGroups()).toBe(100);
    });

    it('holds at most maxInFlight in all while a waiting pull reads ahead', async () => {
      const backend = env.backend({ maxInFlight: 250 });
      await backend.subscribe(groups);
      await backend.enqueue(Array.from({ length: 1_000 }, (_, n) => new Event('JOB', { n })));

      let delivered = 0;
      for (let i = 0; i < 6; i++) {
        const batch = await backend.pull(100, 1_000);
        delivered += batch.length;
        expect(await heldByAllGroups()).toBeLessThanOrEqual(250);
        await backend.settle({ ...none, acks: batch });
        expect(await heldByAllGroups()).toBeLessThanOrEqual(250);
      }
      expect(delivered).toBe(600);
    });
  });

  describe('while a backlog lasts', () => {
    /** Entries read by this consumer and not acked. */
    async function held(): Promise<number> {
      return Number((await env.groups())[0]?.pending);
    }

    it('reads more than a batch at once while pulls wait for reads, and delivers everything once, oldest first', async () => {
      const backend = await ready();
      const jobs = Array.from({ length: 1_000 }, (_, n) => new Event('JOB', { n }));
      await backend.enqueue(jobs);

      const seen: string[] = [];
      let mostHeld = 0;
      for (let i = 0; i < 5; i++) {
        // The second pull comes at once, before the read the first started ahead is back: it waits.
        const batch = [...(await backend.pull(100, 1_000)), ...(await backend.pull(100, 1_000))];
        mostHeld = Math.max(mostHeld, await held());
        seen.push(...batch.map((d) => (d as EventDelivery).event.id));
        await backend.settle({ ...none, acks: batch });
      }

      expect(seen).toEqual(jobs.map((j) => j.id));
      expect(mostHeld).toBeGreaterThan(300); // the two batches pulled and more than one batch read ahead
      expect(mostHeld).toBeLessThanOrEqual(1_000);
    });
  });

  it('redelivers a nacked delivery with attempt + 1', async () => {
    const backend = await ready();
    await backend.enqueue(new Event('JOB', {}));
    const [delivery] = await backend.pull(1, 0);
    await backend.settle({ ...none, nacks: [delivery!] });
    const [again] = await backend.pull(1, 0);
    expect(again?.deliveryId).toBe(delivery?.deliveryId);
    expect(again?.attempt).toBe(2);
    const [pending] = await env.send<[string, string, number, number][]>('XPENDING', env.streamKey, 'necrostack:Worker', '-', '+', '1');
    expect(pending?.[3]).toBe(2);
  });

  it('is idempotent per delivery', async () => {
    const backend = await ready();
    await backend.enqueue(new Event('JOB', {}));
    const [delivery] = await backend.pull(1, 0);
    await backend.settle({ ...none, acks: [delivery!] });
    await backend.settle({ ...none, acks: [delivery!] });
    await backend.settle({ ...none, nacks: [delivery!] });
    expect(await backend.pull(1, 0)).toEqual([]);
    expect(backend.metrics.eventsAcked).toBe(2);
  });

  it('waits up to waitMs when nothing is ready, and wakes up when an event arrives', async () => {
    const backend = await ready();
    const started = Date.now();
    expect(await backend.pull(10, 150)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const waiting = backend.pull(10, 5_000);
    const sent = Date.now();
    await env.backend().enqueue(new Event('JOB', {}));
    expect(await waiting).toHaveLength(1);
    expect(Date.now() - sent).toBeLessThan(2_000);
  });

  it('reports health: stream length, pending per group, consumers, dead letters', async () => {
    const backend = await ready();
    await backend.enqueue([new Event('JOB', {}), new Event('JOB', {}), new Event('JOB', {})]);
    await backend.enqueue(new Event('JOB', {}));
    await backend.pull(1, 100); // a waiting pull: one handed out, two read ahead (the first read came back full), one not read

    const health = await backend.health();

    expect(health.healthy).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.details).toMatchObject({ connected: true, streamLength: 4, deadLetters: 0, consumerName: backend.consumerName });
    const main = health.details.streams.find((s) => s.key === env.streamKey);
    expect(main?.groups).toEqual([{ name: 'necrostack:Worker', pending: 3, consumers: 1, lag: 1 }]);
  });

  it('closes idempotently, hands back what it held, and refuses enqueue afterwards', async () => {
    const backend = await ready();
    await backend.enqueue(new Event('JOB', {}));
    await backend.pull(1, 0);
    await Promise.all([backend.close(), backend.close()]);
    await expect(backend.enqueue(new Event('JOB', {}))).rejects.toThrow(ClosedError);
    expect(await backend.pull(1, 0)).toEqual([]);
    const [[, , idle, count]] = await env.send<[string, string, number, number][]>('XPENDING', env.streamKey, 'necrostack:Worker', '-', '+', '1');
    expect(idle).toBeGreaterThan(86_400_000);
    expect(count).toBe(0);
  });

  it('names consumer groups with the consumerGroup prefix', async () => {
    const backend = env.backend({ consumerGroup: 'shop' });
    await backend.subscribe(JOBS);
    const [group] = await env.send<string[][]>('XINFO', 'GROUPS', env.streamKey);
    expect(fields(group!).name).toBe('shop:Worker');
  });
});

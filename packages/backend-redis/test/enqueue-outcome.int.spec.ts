// What an enqueue that fails leaves behind, against a private redis-server: a write that got no
// reply is "unknown" and its retry stores the events once; a write Redis refused is "failed".
import { EnqueueError, Event } from '@necrostack/core';
import type { RedisBackend } from '@necrostack/backend-redis';
import { freePort } from './support/free-port';
import { PrivateRedis } from './support/private-redis';
import { RedisTestEnv, waitFor } from './support/redis-test-env';

jest.setTimeout(60_000);

const TIMEOUT_MS = 300;

describe('RedisBackend enqueue outcomes', () => {
  let redis: PrivateRedis;
  let env: RedisTestEnv;
  beforeAll(async () => { redis = await new PrivateRedis().start(); });
  afterAll(async () => { await redis.destroy(); });
  beforeEach(async () => { env = await new RedisTestEnv(redis.url).start(); });
  afterEach(async () => {
    await env.send('CONFIG', 'SET', 'maxmemory', '0');
    await env.send('CLIENT', 'UNPAUSE');
    await env.cleanup();
  });

  /** Tries `enqueue` up to `tries` times, as the Spine's STORE/RETRY loop or a caller would; the errors of the failed tries. */
  async function enqueueWithRetries(backend: RedisBackend, events: Event[], tries: number): Promise<EnqueueError[]> {
    const errors: EnqueueError[] = [];
    for (let i = 0; i < tries; i++) {
      try {
        await backend.enqueue(events);
        return errors;
      } catch (error) {
        expect(error).toBeInstanceOf(EnqueueError);
        errors.push(error as EnqueueError);
      }
    }
    return errors;
  }

  /** How many times each event id is in the events stream. */
  async function copies(): Promise<Map<string, number>> {
    const entries = await env.send<[string, string[]][]>('XRANGE', env.streamKey, '-', '+');
    const counts = new Map<string, number>();
    for (const [, [, json]] of entries) {
      const { id } = JSON.parse(json as string) as { id: string };
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  const batch = (n: number) => Array.from({ length: n }, (_, i) => new Event('JOB', { i }));

  describe('when Redis pauses writes while an enqueue is retried (CLIENT PAUSE … WRITE)', () => {
    it('reports each timed-out try as unknown, and stores every event exactly once after the pause', async () => {
      const backend = env.backend({ commandTimeoutMs: TIMEOUT_MS });
      await backend.enqueue(new Event('WARM_UP', {}));
      const events = batch(10);
      await env.send('CLIENT', 'PAUSE', String(TIMEOUT_MS * 6), 'WRITE');

      const errors = await enqueueWithRetries(backend, events, 3);

      // The paused tries run in order on the backend's connection: once this write is answered, they all ran.
      await waitFor(() => backend.enqueue(new Event('AFTER_PAUSE', {})).then(() => true, () => false), { timeoutMs: 20_000, what: 'the pause to end' });
      const counts = await copies();
      expect(events.map((e) => counts.get(e.id))).toEqual(events.map(() => 1));
      expect(errors.map((e) => [e.outcome, e.eventIds.length])).toEqual([['unknown', 10], ['unknown', 10], ['unknown', 10]]);
      expect(errors[0]?.message).toMatch(/no answer within \d+ ms/);
    });

    it('stores the events once when the retry is answered: the first try wrote them, the retry finds the mark', async () => {
      const backend = env.backend({ commandTimeoutMs: TIMEOUT_MS });
      await backend.enqueue(new Event('WARM_UP', {}));
      const events = batch(5);
      await env.send('CLIENT', 'PAUSE', String(TIMEOUT_MS * 2), 'WRITE');

      await expect(backend.enqueue(events)).rejects.toMatchObject({ outcome: 'unknown' });
      await waitFor(() => backend.enqueue(events).then(() => true, () => false), { timeoutMs: 20_000, what: 'a retry to be answered' });

      const counts = await copies();
      expect(events.map((e) => counts.get(e.id))).toEqual(events.map(() => 1));
      expect(backend.metrics.duplicateEnqueues).toBe(1);
    });
  });

  describe('when Redis refuses the write (maxmemory reached, noeviction)', () => {
    it('reports it as failed, with Redis\' reason, and writes nothing, so a retry stores the events once', async () => {
      const backend = env.backend({ commandTimeoutMs: 2_000 });
      const events = batch(3);
      await env.send('CONFIG', 'SET', 'maxmemory', '1');

      const error = await backend.enqueue(events).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EnqueueError);
      expect(error).toMatchObject({ outcome: 'failed', eventIds: events.map((e) => e.id) });
      expect((error as Error).message).toContain('OOM command not allowed');
      expect(await env.send('XLEN', env.streamKey)).toBe(0);
      expect(await env.keys()).toEqual([]);

      await env.send('CONFIG', 'SET', 'maxmemory', '0');
      await backend.enqueue(events);
      const counts = await copies();
      expect(events.map((e) => counts.get(e.id))).toEqual([1, 1, 1]);
    });
  });

  describe('when Redis is not reachable at all', () => {
    it('reports it as failed: nothing was sent', async () => {
      const unreachable = new RedisTestEnv(`redis://127.0.0.1:${await freePort()}`).backend({ commandTimeoutMs: TIMEOUT_MS, connectTimeoutMs: 100 });
      try {
        await expect(unreachable.enqueue(batch(1))).rejects.toMatchObject({ outcome: 'failed' });
      } finally {
        await unreachable.close();
      }
    });
  });

  describe('when Redis lost its scripts (SCRIPT FLUSH, a restart)', () => {
    it('loads the script again and stores the events', async () => {
      const backend = env.backend();
      await backend.enqueue(batch(1));
      await env.send('SCRIPT', 'FLUSH');
      const events = batch(2);
      await backend.enqueue(events);
      const counts = await copies();
      expect(events.map((e) => counts.get(e.id))).toEqual([1, 1]);
    });
  });

  describe('when an XADD fails half-way through a batch (a stream key of the wrong type)', () => {
    it('leaves no mark, so the retry writes the batch: a duplicate of what came before, never a loss', async () => {
      const backend = env.backend({ layout: 'per-type' });
      const events = [new Event('FIRST', {}), new Event('SECOND', {})];
      await env.send('SET', backend.keys.eventStream('SECOND'), 'not a stream');

      await expect(backend.enqueue(events)).rejects.toMatchObject({ outcome: 'failed', message: expect.stringContaining('WRONGTYPE') });
      await env.send('DEL', backend.keys.eventStream('SECOND'));
      await backend.enqueue(events);

      expect(await env.send('XLEN', backend.keys.eventStream('FIRST'))).toBe(2);
      expect(await env.send('XLEN', backend.keys.eventStream('SECOND'))).toBe(1);
    });
  });

  describe('when the same events are enqueued again after a success', () => {
    it('writes them again (only a retry of an unanswered call is recognised), and deletes the answered marks', async () => {
      const backend = env.backend();
      const events = batch(2);
      await backend.enqueue(events);
      await backend.enqueue(events);
      for (let i = 0; i < 100; i++) await backend.enqueue(batch(1));

      const counts = await copies();
      expect(events.map((e) => counts.get(e.id))).toEqual([2, 2]);
      // Answered marks go 32 at a time: a handful stay, not one per enqueue.
      const marks = (await env.keys()).filter((key) => key.includes(':enqueued:'));
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.length).toBeLessThanOrEqual(33);
      expect(backend.metrics).toMatchObject({ eventsEnqueued: 104, duplicateEnqueues: 0 });
    });
  });
});

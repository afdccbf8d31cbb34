import { orders } from './support/organs';
import { PrivateRedis } from './support/private-redis';
import { REDIS_URL, RedisTestEnv, waitFor } from './support/redis-test-env';
import { WorkerProcess } from './support/worker-process';
import type { WorkerConfig } from './fixtures/worker';

jest.setTimeout(90_000);

describe('RedisBackend across worker processes', () => {
  let env: RedisTestEnv;
  let workers: WorkerProcess[];
  let privateRedis: PrivateRedis | undefined;

  beforeEach(async () => {
    env = await new RedisTestEnv().start();
    workers = [];
    privateRedis = undefined;
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await privateRedis?.destroy();
    await env.cleanup();
  });

  const recordKey = () => `${env.streamKey}:test:handled`;

  function worker(name: string, overrides: Partial<WorkerConfig> = {}): Promise<WorkerProcess> {
    const config: WorkerConfig = {
      url: REDIS_URL, streamKey: env.streamKey, recordUrl: REDIS_URL, recordKey: recordKey(),
      consumerName: `${name}-${env.streamKey.slice(-6)}`, claimMinIdleMs: 1_000, ...overrides,
    };
    const started = new WorkerProcess(config);
    workers.push(started);
    return started.ready();
  }

  /** Every "<event id> <consumer>" recorded so far. */
  async function handled(): Promise<{ id: string; consumer: string }[]> {
    const lines = await env.send<string[]>('LRANGE', recordKey(), '0', '-1');
    return lines.map((line) => {
      const [id, consumer] = line.split(' ') as [string, string];
      return { id, consumer };
    });
  }

  async function allHandled(ids: readonly string[], timeoutMs = 30_000) {
    return waitFor(async () => {
      const records = await handled();
      const seen = new Set(records.map((r) => r.id));
      return ids.every((id) => seen.has(id)) && records;
    }, { timeoutMs, intervalMs: 50, what: `all ${ids.length} events to be handled` });
  }

  describe('when a worker is killed with SIGKILL mid-run', () => {
    it('loses nothing: another consumer finishes its pending work through XAUTOCLAIM', async () => {
      const events = orders(200);
      await env.backend().enqueue(events);
      const doomed = await worker('doomed', { handleDelayMs: 5, batchSize: 10 });
      await waitFor(async () => (await handled()).length >= 30, { what: 'the doomed worker to make progress' });

      await doomed.stop('SIGKILL');
      const survivor = await worker('survivor', { batchSize: 10 });
      const records = await allHandled(events.map((e) => e.id));

      const duplicates = records.length - new Set(records.map((r) => r.id)).size;
      // Only the batch in flight when the process died may run twice.
      expect(duplicates).toBeLessThanOrEqual(10);
      expect(records.some((r) => r.consumer === survivor.config.consumerName)).toBe(true);
      await waitFor(async () => (await env.send<[number]>('XPENDING', env.streamKey, 'necrostack:Shipping'))[0] === 0,
        { what: 'nothing left pending' });
    });
  });

  describe('when two workers share the stream', () => {
    it('shares the load and handles no event twice in a clean run', async () => {
      const [a, b] = await Promise.all([worker('a', { handleDelayMs: 1 }), worker('b', { handleDelayMs: 1 })]);
      const events = orders(300);
      const producer = env.backend();
      for (let i = 0; i < 300; i += 50) await producer.enqueue(events.slice(i, i + 50));

      const records = await allHandled(events.map((e) => e.id));
      await Promise.all([a.stop(), b.stop()]);

      expect(records).toHaveLength(300);
      expect(new Set(records.map((r) => r.id)).size).toBe(300);
      const byA = records.filter((r) => r.consumer === a.config.consumerName).length;
      expect(byA).toBeGreaterThan(0);
      expect(byA).toBeLessThan(300);
      expect(await a.exited).toBe(0);
    });
  });

  describe('when Redis restarts mid-run', () => {
    it('survives: the worker reconnects and resumes, nothing is lost, the password never shows', async () => {
      const password = 'restart-secret-91b7';
      privateRedis = await new PrivateRedis({ password }).start();
      const producer = env.backend({ url: privateRedis.url });
      const first = orders(100);
      await producer.enqueue(first);
      const running = await worker('restarted', { url: privateRedis.url, handleDelayMs: 2, logLevel: 'debug' });
      await waitFor(async () => (await handled()).length >= 20, { what: 'progress before the restart' });

      await privateRedis.restart();
      const second = orders(100, 1_000);
      await producer.enqueue(second);
      await allHandled([...first, ...second].map((e) => e.id));

      await running.stop();
      expect(producer.metrics.reconnections).toBeGreaterThanOrEqual(1);
      expect(running.output).toMatch(/Redis reconnected/);
      expect(running.output).not.toContain(password);
    });

    it('never shows a wrong password either', async () => {
      privateRedis = await new PrivateRedis({ password: 'the-right-one-3c2e' }).start();
      const wrong = 'wrong-password-5d81';
      const running = await worker('wrong', { url: `redis://:${wrong}@127.0.0.1:${privateRedis.port}`, logLevel: 'debug' });
      await waitFor(() => /WRONGPASS|NOAUTH|invalid/i.test(running.output), { what: 'the authentication error in the logs' });
      await running.stop();
      expect(running.output).not.toContain(wrong);
    });
  });
});

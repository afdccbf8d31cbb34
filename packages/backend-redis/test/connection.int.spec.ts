import { BackendUnavailableError, ClosedError, ConfigurationError, EnqueueError, Event, NecroStackError } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { CaptureLogger } from './support/capture-logger';
import { freePort } from './support/free-port';
import { REDIS_URL, RedisTestEnv } from './support/redis-test-env';

const PASSWORD = 'pw-that-must-not-leak-7431';

describe('RedisBackend connection', () => {
  describe('when Redis is unreachable', () => {
    let backend: RedisBackend;
    let logger: CaptureLogger;
    beforeEach(async () => {
      logger = new CaptureLogger();
      const url = `redis://app:${PASSWORD}@127.0.0.1:${await freePort()}`;
      backend = new RedisBackend({ url, logger, commandTimeoutMs: 300, healthTimeoutMs: 300, connectTimeoutMs: 200 });
    });
    afterEach(async () => { await backend.close(); });

    it('answers health() with healthy: false, in bounded time, without throwing', async () => {
      const started = Date.now();
      const health = await backend.health();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(health.healthy).toBe(false);
      expect(health.details.connected).toBe(false);
      expect(health.details.error).toEqual(expect.any(String));
    });

    it('fails enqueue, subscribe and pull with NecroStackErrors that do not show the password', async () => {
      const errors: unknown[] = await Promise.all([
        backend.enqueue(new Event('JOB', {})).catch((e: unknown) => e),
        backend.subscribe([{ group: 'G', eventTypes: ['JOB'] }]).catch((e: unknown) => e),
      ]);
      errors.push(await backend.pull(10, 0).catch((e: unknown) => e));
      expect(errors[2]).toBeInstanceOf(BackendUnavailableError);
      expect(errors[0]).toBeInstanceOf(EnqueueError);
      expect(errors[1]).toBeInstanceOf(BackendUnavailableError);
      for (const error of errors) {
        expect(error).toBeInstanceOf(NecroStackError);
        expect(`${(error as Error).message} ${String((error as Error).stack)}`).not.toContain(PASSWORD);
      }
      expect(logger.text).toContain('Redis connection error');
      expect(logger.text).not.toContain(PASSWORD);
    });

    it('closes promptly while a pull waits for a connection, and the pull resolves []', async () => {
      const slow = new RedisBackend({ url: `redis://127.0.0.1:${await freePort()}`, logger, commandTimeoutMs: 20_000 });
      const subscribing = slow.subscribe([{ group: 'G', eventTypes: ['JOB'] }]).catch((e: unknown) => e);
      const pulling = slow.pull(10, 5_000);
      const started = Date.now();
      await slow.close();
      expect(await pulling).toEqual([]);
      expect(await subscribing).toBeInstanceOf(ClosedError);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  it('connects lazily: building and closing a backend opens no connection', async () => {
    const logger = new CaptureLogger();
    const backend = new RedisBackend({ url: REDIS_URL, logger });
    await backend.close();
    expect(logger.text).not.toMatch(/connect/i);
  });

  it('closed while its first connection is being made, keeps no socket open (the process can exit)', async () => {
    const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = sockets();
    const logger = new CaptureLogger();
    const backend = new RedisBackend({ url: REDIS_URL, logger });
    const health = backend.health(); // starts connecting; close() lands while the socket is being created
    await backend.close();
    await health;
    await new Promise((resolve) => setTimeout(resolve, 300)); // a leaked connect would finish by now
    expect(logger.text).not.toContain('Redis connected');
    expect(sockets()).toBeLessThanOrEqual(before);
  });

  it('closed while pulls wait in a blocking read, logs no connection error (its sockets going away are expected)', async () => {
    const env = await new RedisTestEnv().start();
    try {
      const logger = new CaptureLogger();
      for (let round = 0; round < 5; round++) {
        const backend = env.backend({ logger, blockMs: 2_000 });
        await backend.subscribe([{ group: 'G', eventTypes: ['JOB'] }]);
        const pulling = backend.pull(10, 5_000);
        await new Promise((resolve) => setTimeout(resolve, 50 + round * 20)); // the reader is blocked in XREAD by now
        await backend.close();
        expect(await pulling).toEqual([]);
      }
      await new Promise((resolve) => setTimeout(resolve, 200)); // an error a socket reports late lands by now
      expect(logger.lines.filter((line) => /"level":"(warn|error)"/.test(line))).toEqual([]);
    } finally {
      await env.cleanup();
    }
  });

  it('logs the url with its password masked', async () => {
    const logger = new CaptureLogger();
    const url = new URL(REDIS_URL);
    url.username = 'default';
    url.password = PASSWORD;
    const backend = new RedisBackend({ url: url.toString(), logger, streamKey: `necrostack-test:${Date.now()}:unused` });
    await backend.health();
    await backend.close();
    expect(logger.text).not.toContain(PASSWORD);
  });

  it('rejects a bad url with a ConfigurationError that does not repeat it', () => {
    const build = () => new RedisBackend({ url: `http://user:${PASSWORD}@host` });
    expect(build).toThrow(ConfigurationError);
    try { build(); } catch (error) { expect(String((error as Error).message)).not.toContain(PASSWORD); }
  });

  it('rejects invalid numbers with a ConfigurationError naming the option', () => {
    expect(() => new RedisBackend({ maxDeliveries: 0 })).toThrow(/maxDeliveries/);
    expect(() => new RedisBackend({ claimMinIdleMs: 1 })).toThrow(/claimMinIdleMs/);
    expect(() => new RedisBackend({ layout: 'sharded' as never })).toThrow(/layout/);
    expect(() => new RedisBackend({ url: `redis://:${PASSWORD}@127.0.0.1`, socket: { tls: true } })).toThrow(ConfigurationError);
    try {
      new RedisBackend({ url: `redis://:${PASSWORD}@127.0.0.1`, socket: { tls: true } });
    } catch (error) {
      expect((error as Error).message).not.toContain(PASSWORD);
    }
  });
});

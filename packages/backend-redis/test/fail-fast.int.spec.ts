// Permanent connection errors — wrong credentials, no password where one is needed, an unknown
// host, a TLS failure — fail at once with a message that says what is wrong and how to fix it,
// instead of after commandTimeoutMs (10 s by default). Transient ones (a refused connection) are
// retried until the timeout, and a Redis that comes up in the meantime is used.
import { BackendUnavailableError, EnqueueError, Event, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { CaptureLogger } from './support/capture-logger';
import { freePort } from './support/free-port';
import { PrivateRedis } from './support/private-redis';
import { uniqueStreamKey, waitFor } from './support/redis-test-env';

const PASSWORD = 'right-pw-4d1c';
const WRONG = 'wrong-pw-99e2';
/** Generous (a loaded machine): the default commandTimeoutMs is 10 s; failing fast takes a few ms. */
const FAST_MS = 4_000;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('RedisBackend connection errors', () => {
  const backends: RedisBackend[] = [];
  const open = (url: string, extra: Partial<ConstructorParameters<typeof RedisBackend>[0]> = {}): RedisBackend => {
    const backend = new RedisBackend({ url, streamKey: uniqueStreamKey(), logger: silentLogger, ...extra });
    backends.push(backend);
    return backend;
  };
  afterEach(async () => { await Promise.all(backends.splice(0).map((b) => b.close())); });

  /** connect() and enqueue() both fail fast, with a permanent BackendUnavailableError matching `what`. */
  async function expectFastPermanent(backend: RedisBackend, what: RegExp, secret?: string): Promise<void> {
    const connect = await timed(() => backend.connect().then(() => undefined, (e: unknown) => e));
    expect(connect.ms).toBeLessThan(FAST_MS);
    expect(connect.value).toBeInstanceOf(BackendUnavailableError);
    const error = connect.value as BackendUnavailableError;
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(what);
    expect(error.help).toEqual(expect.any(String));
    const enqueue = await timed(() => backend.enqueue(new Event('JOB', {})).then(() => undefined, (e: unknown) => e));
    expect(enqueue.ms).toBeLessThan(FAST_MS);
    expect(enqueue.value).toBeInstanceOf(EnqueueError);
    expect((enqueue.value as Error).message).toMatch(new RegExp(`^Could not enqueue 1 event\\(s\\) to Redis: ${what.source.slice(1)}`, what.flags));
    const health = await timed(() => backend.health());
    expect(health.ms).toBeLessThan(FAST_MS);
    expect(health.value.healthy).toBe(false);
    expect(health.value.details.error).toMatch(what);
    if (secret !== undefined) {
      for (const text of [error.message, error.help, String(error.stack), (enqueue.value as Error).message, health.value.details.error]) {
        expect(text).not.toContain(secret);
      }
    }
  }

  describe('against a Redis with a password', () => {
    let redis: PrivateRedis;
    beforeAll(async () => { redis = await new PrivateRedis({ password: PASSWORD }).start(); });
    afterAll(async () => { await redis.destroy(); });

    it('fail fast on a wrong password (WRONGPASS)', async () => {
      await expectFastPermanent(open(`redis://:${WRONG}@127.0.0.1:${redis.port}`),
        /^Redis refused the user name or password of the url \(WRONGPASS invalid username-password pair/, WRONG);
    });

    it('fail fast when the url gives no password (NOAUTH)', async () => {
      await expectFastPermanent(open(`redis://127.0.0.1:${redis.port}`), // Redis answers NOAUTH, or, to a long first command (the enqueue script), a protocol error.
        /^Redis needs a password, and the url gives none \((NOAUTH Authentication required|ERR Protocol error: unauthenticated)/);
    });

    it('connect with the right one', async () => {
      const backend = open(redis.url);
      await backend.connect();
      await backend.enqueue(new Event('JOB', {}));
    });
  });

  it('fail fast on an unknown host (ENOTFOUND)', async () => {
    await expectFastPermanent(open('redis://app:s3cret-host@no-such-host.invalid:6379'),
      /^Redis host no-such-host\.invalid was not found \(getaddrinfo ENOTFOUND no-such-host\.invalid\)/, 's3cret-host');
  });

  describe('against a TLS Redis', () => {
    let redis: PrivateRedis;
    beforeAll(async () => { redis = await new PrivateRedis({ tls: true, password: PASSWORD }).start(); });
    afterAll(async () => { await redis.destroy(); });

    it('fail fast when the certificate is not trusted', async () => {
      await expectFastPermanent(open(redis.url), /^The TLS handshake with Redis failed \(self[- ]signed certificate.*\)/i, PASSWORD);
    });
  });

  describe('that are transient', () => {
    it('retry until the timeout, then fail with the last error', async () => {
      const backend = open(`redis://127.0.0.1:${await freePort()}`, { commandTimeoutMs: 1_500, connectTimeoutMs: 500 });
      const { value, ms } = await timed(() => backend.connect().then(() => undefined, (e: unknown) => e));
      expect(ms).toBeGreaterThanOrEqual(1_400);
      expect(value).toBeInstanceOf(BackendUnavailableError);
      expect((value as BackendUnavailableError).permanent).toBe(false);
      expect((value as Error).message).toMatch(/^Redis is not connected: connect ECONNREFUSED/);
    });

    it('retry, and use a Redis that comes up in the meantime', async () => {
      const later = new PrivateRedis();
      later.port = await freePort();
      const logger = new CaptureLogger();
      const backend = open(later.url, { logger, commandTimeoutMs: 10_000, reconnect: { baseDelayMs: 50, maxDelayMs: 200 } });
      const connecting = backend.connect();
      await waitFor(() => logger.text.includes('ECONNREFUSED'), { timeoutMs: 5_000, what: 'a refused attempt' });
      await later.start();
      try {
        await connecting;
        await backend.enqueue(new Event('JOB', {}));
      } finally {
        await backend.close();
        await later.destroy();
      }
    });
  });
});

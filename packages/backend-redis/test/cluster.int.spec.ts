import { BackendUnavailableError, Event, Spine, silentLogger } from '@necrostack/core';
import { CaptureLogger } from './support/capture-logger';
import { Audit, Billing, Shipping, orders } from './support/organs';
import { freePort } from './support/free-port';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';

const PASSWORD = 'cluster-s3cret';

describe('RedisBackend on a Redis Cluster', () => {
  const cluster = new PrivateCluster({ password: PASSWORD });
  let env: ClusterTestEnv;
  beforeAll(async () => { await cluster.start(); }, 60_000);
  afterAll(async () => { await cluster.destroy(); });
  beforeEach(() => { env = new ClusterTestEnv(cluster); });
  afterEach(async () => { await env.cleanup(); });

  describe('when a Spine runs organs on it', () => {
    it('gives each organ every event once, and its follow-ups', async () => {
      const backend = env.backend();
      const [billing, shipping, audit] = [new Billing(), new Shipping(), new Audit()];
      const placed = orders(30);

      const stats = await new Spine({ organs: [billing, shipping, audit], backend, logger: silentLogger }).run(placed);

      expect(billing.seen).toEqual(placed.map((e) => e.id));
      expect(shipping.seen).toEqual(placed.map((e) => e.id));
      expect(audit.seen).toHaveLength(30);
      expect(stats.eventsProcessed).toBe(90);
      expect(Number(await env.send('XLEN', env.streamKey))).toBe(60);
    });
  });

  describe('when the root node list names only one master', () => {
    it('discovers the others, with the root node\'s password', async () => {
      const [first] = cluster.rootNodes;
      const backend = env.backend({ cluster: { rootNodes: [first as { url: string }] } });
      await backend.connect();
      const shipping = new Shipping();

      await new Spine({ organs: [shipping], backend, logger: silentLogger }).run(orders(5));

      expect(shipping.seen).toHaveLength(5);
    });
  });

  describe('when it logs its connection', () => {
    it('masks the password of every root node', async () => {
      const logger = new CaptureLogger();
      const backend = env.backend({ logger });
      await backend.enqueue(new Event('ORDER_PLACED', { orderId: 'A-1', amount: 1 }));

      const text = logger.text;
      expect(text).toContain('Redis connected');
      expect(text).toContain(`127.0.0.1:${cluster.nodes[0]?.port}`);
      expect(text).not.toContain(PASSWORD);
    });
  });

  describe('when it cannot connect', () => {
    it('fails at once, naming the cause, when the Cluster refuses the password', async () => {
      const rootNodes = cluster.rootNodes.map(({ url }) => ({ url: url.replace(PASSWORD, 'wrong-pw') }));
      const backend = env.backend({ cluster: { rootNodes }, commandTimeoutMs: 20_000 });

      const error = await backend.connect().then(() => undefined, (e: unknown) => e);

      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error).toMatchObject({ permanent: true });
      expect((error as Error).message).toMatch(/user name or password/);
      expect((error as Error).message).not.toContain('wrong-pw');
    });

    it('fails after commandTimeoutMs with the last error when no root node answers', async () => {
      const backend = env.backend({ cluster: { rootNodes: [{ url: `redis://127.0.0.1:${await freePort()}` }] }, commandTimeoutMs: 500 });

      const error = await backend.connect().then(() => undefined, (e: unknown) => e);

      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { Spine, silentLogger, type Event } from '@necrostack/core';
import type { RedisBackend } from '@necrostack/backend-redis';
import { Shipping, orders } from './support/organs';
import { ClusterTestEnv, PrivateCluster } from './support/private-cluster';
import { RedisTestEnv, waitFor } from './support/redis-test-env';
import { WorkerProcess } from './support/worker-process';

/** Enqueues `events`, trying again while the Cluster is away (a retry of the same events stores them once). */
async function enqueueThrough(backend: RedisBackend, events: readonly Event<object>[]): Promise<void> {
  await waitFor(() => backend.enqueue(events).then(() => true, () => false), { timeoutMs: 30_000, intervalMs: 100, what: 'an enqueue' });
}

describe('RedisBackend when the Redis Cluster changes under it', () => {
  const cluster = new PrivateCluster({ password: 'failover-pw' });
  let env: ClusterTestEnv;
  beforeAll(async () => { await cluster.start(); }, 60_000);
  afterAll(async () => { await cluster.destroy(); });
  beforeEach(() => { env = new ClusterTestEnv(cluster); });
  afterEach(async () => { await env.cleanup(); });

  /** A worker running Shipping on the cluster until stopped. */
  function worker() {
    const shipping = new Shipping();
    const backend = env.backend({ claimMinIdleMs: 1_000, commandTimeoutMs: 2_000, reconnect: { baseDelayMs: 50, maxDelayMs: 500 } });
    const spine = new Spine({ organs: [shipping], backend, logger: silentLogger, pollIntervalMs: 20 });
    const running = spine.runForever();
    return { shipping, backend, stop: async () => { await spine.stop(); await running; } };
  }

  describe('when its slot moves to another master', () => {
    it('follows ASK while the keys move and MOVED after, losing nothing', async () => {
      const { shipping, backend, stop } = worker();
      const [before, during, after] = [orders(40), orders(40), orders(40)];
      await enqueueThrough(backend, before);
      await waitFor(() => shipping.seen.length === 40, { what: 'the first events handled' });
      const owner = await cluster.masterOf(env.streamKey);
      const asked = (await cluster.errorCounts('ASK'))[cluster.nodes.indexOf(owner)] as number;

      let enqueued: Promise<void> | undefined;
      const target = await cluster.moveSlotOf(env.streamKey, async () => {
        // Its scripts may need the move finished (TRYAGAIN while a slot's keys are split): not awaited here.
        enqueued = enqueueThrough(backend, during);
        // The old owner redirects the commands on the slot's keys, which are all on the new one now.
        await waitFor(async () => ((await cluster.errorCounts('ASK'))[cluster.nodes.indexOf(owner)] as number) > asked, { what: 'ASK redirections' });
      });
      await enqueued;
      await enqueueThrough(backend, after);
      await waitFor(() => new Set(shipping.seen).size === 120, { timeoutMs: 30_000, what: 'every event handled' });
      await stop();

      expect(target.port).not.toBe(owner.port);
      expect((await cluster.masterOf(env.streamKey)).port).toBe(target.port);
      expect(new Set(shipping.seen)).toEqual(new Set([...before, ...during, ...after].map((e) => e.id)));
    });
  });

  describe('when the master of its slot restarts', () => {
    it('reconnects and loses nothing that master stored (appendonly)', async () => {
      const { shipping, backend, stop } = worker();
      const [before, after] = [orders(50), orders(50)];
      await enqueueThrough(backend, before);

      await cluster.restartMasterOf(env.streamKey);
      await enqueueThrough(backend, after);
      await waitFor(() => new Set(shipping.seen).size === 100, { timeoutMs: 30_000, what: 'every event handled' });
      await stop();

      expect(new Set(shipping.seen)).toEqual(new Set([...before, ...after].map((e) => e.id)));
      expect(backend.metrics.reconnections).toBeGreaterThan(0);
    });
  });

  describe('when a worker process is killed with SIGKILL mid-run', () => {
    const recording = new RedisTestEnv();
    const workers: WorkerProcess[] = [];
    beforeAll(async () => { await recording.start(); });
    afterEach(async () => { await Promise.all(workers.map((w) => w.stop('SIGKILL'))); }); // before the keys go
    afterAll(async () => { await recording.cleanup(); });

    it.each([1, 3])('loses nothing with %i partition(s): a live worker takes over what it held', async (partitions) => {
      const recordKey = `${recording.streamKey}:handled:${randomUUID()}`;
      const start = (name: string, handleDelayMs: number) => {
        const worker = new WorkerProcess({
          url: '', rootNodes: cluster.rootNodes, streamKey: env.streamKey, recordUrl: recording.url, recordKey,
          consumerName: `${name}-${randomUUID().slice(0, 6)}`, claimMinIdleMs: 1_000, handleDelayMs, batchSize: 10, partitions,
        });
        workers.push(worker);
        return worker.ready();
      };
      // Each record is "<event id> <consumer>"; an event in flight when the worker died may be there twice.
      const handled = async () => new Set((await recording.send<string[]>('LRANGE', recordKey, '0', '-1')).map((line) => line.split(' ')[0]));
      const events = orders(200);
      await env.backend({ partitions }).enqueue(events);
      const doomed = await start('doomed', 5);
      await waitFor(async () => (await handled()).size >= 30, { timeoutMs: 20_000, what: 'the doomed worker to make progress' });

      await doomed.stop('SIGKILL');
      await start('survivor', 0);
      await waitFor(async () => (await handled()).size === 200, { timeoutMs: 30_000, intervalMs: 50, what: 'all 200 events handled' });
      expect(await handled()).toEqual(new Set(events.map((e) => e.id)));
    });
  });
});

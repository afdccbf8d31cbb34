// Delayed events on Redis: held in <streamKey>:delayed, moved into the streams exactly once by any
// number of workers, and lost neither by a worker that dies nor by a Redis restart.
import { Event, Spine, silentLogger } from '@necrostack/core';
import { drainAcking } from '@necrostack/testkit';
import { Shipping } from './support/organs';
import { PrivateRedis } from './support/private-redis';
import { REDIS_URL, RedisTestEnv, fields, waitFor } from './support/redis-test-env';
import { WorkerProcess } from './support/worker-process';

jest.setTimeout(120_000);

const SHIPPING = [{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }];

function delayedOrders(count: number, maxDelayMs: number, minDelayMs = 0): Event[] {
  return Array.from({ length: count }, (_, n) =>
    new Event('ORDER_PLACED', { n }, { delayMs: minDelayMs + Math.floor(Math.random() * (maxDelayMs - minDelayMs)) }));
}


describe('RedisBackend delayed events', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  it('keeps a delayed event in <streamKey>:delayed until due, then writes the original four keys to the stream and deliver_at to meta', async () => {
    const producer = env.backend();
    const event = new Event('ORDER_PLACED', { orderId: 'A-1' }, { delayMs: 300 });
    await producer.enqueue(event);
    const [member, score] = await env.send<[string, string]>('ZRANGE', `${env.streamKey}:delayed`, '0', '-1', 'WITHSCORES');
    expect(Number(score)).toBe(event.deliverAt!.getTime());
    expect((JSON.parse(member) as string[])[0]).toBe(env.streamKey);
    expect(await env.send('EXISTS', env.streamKey)).toBe(0);

    const consumer = env.backend();
    await consumer.subscribe(SHIPPING);
    const [delivery] = await drainAcking([consumer], 1, 20_000);
    const [[, flat]] = await env.send<[string, string[]][]>('XRANGE', env.streamKey, '-', '+');
    const entry = fields(flat!);
    expect(Object.keys(JSON.parse(entry.event!) as object)).toEqual(['id', 'timestamp', 'event_type', 'payload']);
    expect(JSON.parse(entry.meta!)).toEqual({ deliver_at: event.deliverAt!.toISOString() });
    expect(delivery).toMatchObject({ kind: 'event', event: { id: event.id } });
    expect(await env.send('EXISTS', `${env.streamKey}:delayed`)).toBe(0);
    expect(consumer.metrics.delayedMoved).toBe(1);
  });

  it('writes a batch mixing a delayed event, one with headers and a plain one, each where it belongs', async () => {
    const delayed = new Event('ORDER_PLACED', { n: 1 }, { delayMs: 60_000 });
    const withHeaders = new Event('ORDER_PLACED', { n: 2 }, { headers: { tenant: 't-1' } });
    const plain = new Event('ORDER_PLACED', { n: 3 });
    await env.backend().enqueue([delayed, withHeaders, plain]);

    const stream = (await env.send<[string, string[]][]>('XRANGE', env.streamKey, '-', '+')).map(([, flat]) => flat);
    expect(stream.map((flat) => flat.filter((_, i) => i % 2 === 0))).toEqual([['event', 'meta'], ['event']]);
    expect(stream.map((flat) => (JSON.parse(fields(flat).event!) as { id: string }).id)).toEqual([withHeaders.id, plain.id]);
    expect(JSON.parse(fields(stream[0]!).meta!)).toEqual({ headers: { tenant: 't-1' } });
    const [member] = await env.send<string[]>('ZRANGE', `${env.streamKey}:delayed`, '0', '-1');
    const [target, text, meta] = JSON.parse(member!) as [string, string, string];
    expect([target, (JSON.parse(text) as { id: string }).id, JSON.parse(meta)]).toEqual([env.streamKey, delayed.id, { deliver_at: delayed.deliverAt!.toISOString() }]);
  });

  it('moves each due event into the stream exactly once while four workers compete', async () => {
    const workers = [env.backend(), env.backend(), env.backend(), env.backend()];
    await Promise.all(workers.map((w) => w.subscribe(SHIPPING)));
    // Due at least 1 s later: an event already due when enqueued (on a loaded machine) goes straight to the stream.
    const events = delayedOrders(2_000, 1_300, 1_000);
    // A producer of its own: the workers learn of the events by polling, as from another process.
    await env.backend().enqueue(events);
    const deliveries = await drainAcking(workers, events.length, 20_000);
    expect(new Set(deliveries.map((d) => (d.kind === 'event' ? d.event.id : d.raw))).size).toBe(events.length);
    expect(await env.send('XLEN', env.streamKey)).toBe(events.length);
    // A worker counts what it moved when the script's reply comes, which may be after others read the events.
    await waitFor(() => workers.reduce((sum, w) => sum + w.metrics.delayedMoved, 0) === events.length, { what: 'the moves to be counted' });
    expect(await env.send('ZCARD', `${env.streamKey}:delayed`)).toBe(0);
  });

  it('writes a delayed event to its type stream in the per-type layout', async () => {
    const backend = env.backend({ layout: 'per-type' });
    await backend.subscribe(SHIPPING);
    const event = new Event('ORDER_PLACED', {}, { delayMs: 100 });
    await backend.enqueue(event);
    expect((await drainAcking([backend], 1, 20_000)).map((d) => d.kind === 'event' && d.event.id)).toEqual([event.id]);
    expect(await env.send('XLEN', `${env.streamKey}:type:ORDER_PLACED`)).toBe(1);
  });

  it('dead-letters a member of the delayed set that is not an event, rather than dropping it or blocking the set', async () => {
    await env.send('ZADD', `${env.streamKey}:delayed`, '0', 'not an event');
    const later = new Event('ORDER_PLACED', {}, { delayMs: 50 });
    const backend = env.backend();
    await backend.enqueue(later);
    const shipping = new Shipping();
    const spine = new Spine({ organs: [shipping], backend, logger: silentLogger });
    const running = spine.runForever();
    await waitFor(() => shipping.seen.length === 1, { what: 'the valid delayed event to be handled' });
    await waitFor(async () => (await backend.deadLetters.getAll()).length === 1, { what: 'the dead letter' });
    await spine.stop();
    await running;
    const [letter] = await backend.deadLetters.getAll();
    expect([letter?.raw, letter?.error.name]).toEqual(['not an event', 'MalformedEntryError']);
  });
});

describe('RedisBackend delayed events when things fail', () => {
  it('loses no due event when the worker holding them is killed with SIGKILL', async () => {
    const env = await new RedisTestEnv().start();
    const recordKey = `${env.streamKey}:test:handled`;
    const workers: WorkerProcess[] = [];
    const start = async (name: string) => {
      const worker = new WorkerProcess({
        url: REDIS_URL, streamKey: env.streamKey, recordUrl: REDIS_URL, recordKey, consumerName: `${name}-${env.streamKey.slice(-6)}`,
        claimMinIdleMs: 1_000, handleDelayMs: 5, batchSize: 10, logLevel: 'error',
      });
      workers.push(worker);
      return worker.ready();
    };
    const handled = async () => new Set((await env.send<string[]>('LRANGE', recordKey, '0', '-1')).map((l) => l.split(' ')[0]));
    try {
      const doomed = await start('doomed');
      const events = delayedOrders(300, 600, 100);
      await env.backend().enqueue(events);
      await waitFor(async () => (await handled()).size >= 30, { timeoutMs: 20_000, what: 'the doomed worker to make progress' });
      await doomed.stop('SIGKILL');
      await start('survivor');
      const ids = events.map((e) => e.id);
      await waitFor(async () => { const seen = await handled(); return ids.every((id) => seen.has(id)); },
        { timeoutMs: 30_000, intervalMs: 50, what: 'every delayed event to be handled' });
    } finally {
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      await env.cleanup();
    }
  });

  it('keeps delayed events across a Redis restart (appendonly)', async () => {
    const redis = await new PrivateRedis().start();
    const env = await new RedisTestEnv(redis.url).start();
    try {
      const events = delayedOrders(50, 1_500, 1_000);
      await env.backend().enqueue(events);
      await env.raw.close();
      await redis.restart();
      await env.raw.connect();
      const consumer = env.backend();
      await consumer.subscribe(SHIPPING);
      const deliveries = await drainAcking([consumer], events.length, 20_000);
      expect(new Set(deliveries.map((d) => d.kind === 'event' && d.event.id))).toEqual(new Set(events.map((e) => e.id)));
    } finally {
      await env.cleanup();
      await redis.destroy();
    }
  });
});

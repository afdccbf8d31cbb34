import { Event, type EventDelivery } from '@necrostack/core';
import type { RedisBackend } from '@necrostack/backend-redis';
import { RedisTestEnv, waitFor } from './support/redis-test-env';

const GROUP = 'necrostack:Sink';
const subscription = [{ group: 'Sink', eventTypes: ['ORDER_PLACED'] }];
/** Leases of 1 s, looked at every 50 ms. */
const leased = { partitions: 2, claimMinIdleMs: 1_000, claimIntervalMs: 50, blockMs: 50 };

/** Events of one key each, `count` of them, in the partition `stream` of `backend`. */
function eventsIn(backend: RedisBackend, stream: string, count: number): Event[] {
  const found: Event[] = [];
  for (let i = 0; found.length < count && i < 10_000; i++) {
    const event = new Event('ORDER_PLACED', { n: i }, { correlationId: `key-${i}` });
    if (backend.keys.partitionOf(event) === stream) found.push(event);
  }
  return found;
}

const ids = (deliveries: readonly EventDelivery[]) => deliveries.map((d) => d.event.id);

describe('partition leases (per-key ordering across workers)', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  const holders = (backend: RedisBackend) => Promise.all(backend.keys.partitionStreams.map((s) => env.send<string | null>('GET', backend.keys.ownerKey(GROUP, s))));

  it('shares the partitions between two consumers, and gives them all to the one left after a close', async () => {
    const a = env.backend({ ...leased, consumerName: 'a' });
    const b = env.backend({ ...leased, consumerName: 'b' });
    await a.subscribe(subscription);
    expect(await holders(a)).toEqual(['a', 'a']); // alone: both
    await b.subscribe(subscription);
    await waitFor(async () => new Set(await holders(a)).size === 2, { what: 'a to give one partition to b' });
    expect((await env.send<string[]>('ZRANGE', a.keys.membersKey(GROUP), '0', '-1')).sort()).toEqual(['a', 'b']);

    await b.close();
    expect(await env.send('ZRANGE', a.keys.membersKey(GROUP), '0', '-1')).toEqual(['a']);
    await waitFor(async () => (await holders(a)).every((h) => h === 'a'), { what: 'a to take the partition b released' });
  });

  it('delivers what the previous holder handed back first, in entry order, before new entries', async () => {
    const first = env.backend({ ...leased, consumerName: 'first' });
    await first.subscribe(subscription);
    const [stream] = first.keys.partitionStreams as [string];
    const six = eventsIn(first, stream, 6);
    const [early, late] = [six.slice(0, 3), six.slice(3)];
    await first.enqueue(early);
    expect(ids((await first.pull(10, 100)) as EventDelivery[]).sort()).toEqual(early.map((e) => e.id).sort());
    await first.close(); // hands the three back, releases its leases

    const next = env.backend({ ...leased, consumerName: 'next' });
    await next.subscribe(subscription);
    await next.enqueue(late);
    const got: EventDelivery[] = [];
    await waitFor(async () => {
      const batch = (await next.pull(10, 50)) as EventDelivery[];
      got.push(...batch);
      await next.settle({ acks: batch, nacks: [], releases: [], deadLetters: [] });
      return got.length >= 6;
    }, { what: 'the six deliveries' });
    expect(ids(got)).toEqual(six.map((e) => e.id));
    expect(got.slice(0, 3).map((d) => d.attempt)).toEqual([1, 1, 1]); // handed back: not an attempt
  });

  it('reads nothing of a partition whose lease went to another consumer (fenced in the script)', async () => {
    const a = env.backend({ ...leased, consumerName: 'a' });
    await a.subscribe(subscription);
    const [stream] = a.keys.partitionStreams as [string];
    // Another consumer holds the lease now (as after a pause longer than the lease).
    await env.send('SET', a.keys.ownerKey(GROUP, stream), 'intruder', 'PX', '60000');
    await a.enqueue(eventsIn(a, stream, 3));
    expect(await a.pull(10, 300)).toEqual([]);
    const [pending] = await env.send<[number]>('XPENDING', stream, GROUP);
    expect(pending).toBe(0); // not read by a
  });
});

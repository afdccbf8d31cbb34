import type { RedisBackend } from '@necrostack/backend-redis';
import { FleetHarness, expectFleetOrder } from './support/fleet-harness';
import { fleetEvents } from './support/fleet-record';
import { REDIS_URL, RedisTestEnv, waitFor } from './support/redis-test-env';
import type { WorkerProcess } from './support/worker-process';

jest.setTimeout(180_000);

const PARTITIONS = 12;
const KEYS = 500;
const STEPS = 4;

/**
 * Per-key order across a fleet of worker processes (partition ownership): workers on 12
 * partitions, 16 handlers each, 500 keys × 4 steps; each handling is recorded (start and end) in one
 * Redis list and replayed in Redis's order (see support/fleet-record.ts). Each key's first handlings
 * must come in seq order, with no two handlers of a key running at once anywhere in the fleet.
 */
describe('per-key order across worker processes', () => {
  let env: RedisTestEnv;
  let producer: RedisBackend;
  let fleet: FleetHarness;

  beforeEach(async () => {
    env = await new RedisTestEnv().start();
    producer = env.backend({ partitions: PARTITIONS });
    const send = <T>(_key: string, ...args: string[]) => env.send<T>(...args);
    fleet = new FleetHarness(producer.keys, send, send, {
      url: REDIS_URL, streamKey: env.streamKey, claimMinIdleMs: 1_500, partitions: PARTITIONS, concurrency: 16, handleDelayMs: 15,
    });
  });
  afterEach(async () => {
    await fleet.stopAll();
    await env.cleanup();
  });

  const { expected, events } = fleetEvents(KEYS, STEPS);
  const enqueue = async (batch = events) => {
    for (let at = 0; at < batch.length; at += 250) await producer.enqueue(batch.slice(at, at + 250));
  };

  it('handles each key one at a time, in order, across three workers', async () => {
    await Promise.all(['a', 'b', 'c'].map((name) => fleet.worker(name)));
    await fleet.balanced(3);
    await enqueue();
    const replay = await fleet.finished(expected);
    expectFleetOrder(replay, expected, STEPS);
    expect(replay.repeats).toEqual([]); // a clean run: no successful handling is repeated
    expect(replay.byWorker.size).toBe(3);
  });

  it('keeps each key in order when a worker is killed mid-run: its events are handled before the later ones of their keys', async () => {
    const [doomed] = await Promise.all(['doomed', 'b', 'c'].map((name) => fleet.worker(name))) as [WorkerProcess];
    await fleet.balanced(3);
    await enqueue();
    await fleet.killMidRun(doomed, expected.length);
    await fleet.expectOrderAfterCrash(doomed, expected, STEPS);
  });

  it('keeps each key in order while a worker joins and another stops gracefully mid-run', async () => {
    const [leaving] = await Promise.all(['leaving', 'b'].map((name) => fleet.worker(name))) as [WorkerProcess];
    await fleet.balanced(2);
    const wave = (seqs: readonly number[]) => enqueue(events.filter((e) => seqs.includes(e.payload.seq)));
    await wave([0, 1]);
    await waitFor(async () => (await fleet.successes()) >= 200, { timeoutMs: 60_000, intervalMs: 20, what: 'progress before the join' });
    const joiner = await fleet.worker('joiner');
    await wave([2]);
    await waitFor(async () => (await fleet.successes(joiner)) >= 20, { timeoutMs: 60_000, intervalMs: 20, what: 'the joining worker to take partitions' });
    expect(await leaving.stop('SIGTERM')).toBe(0);
    expect(leaving.output).toContain('CLOSED');
    await wave([3]); // the run goes on without it

    const replay = await fleet.finished(expected);
    expectFleetOrder(replay, expected, STEPS);
    expect(replay.repeats).toEqual([]); // graceful: what it held was handed back, nothing repeated
    expect(replay.byWorker.get(leaving.config.consumerName)).toBeGreaterThan(0);
    expect(new Set(await fleet.holders())).toEqual(new Set(fleet.workers.slice(1).map((w) => w.config.consumerName)));
  });
});

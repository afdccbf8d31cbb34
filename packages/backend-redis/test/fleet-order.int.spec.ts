import type { RedisBackend } from '@necrostack/backend-redis';
import { crashMarker, fleetEvents, replayFleet, type FleetReplay } from './support/fleet-record';
import { REDIS_URL, RedisTestEnv, waitFor } from './support/redis-test-env';
import { WorkerProcess } from './support/worker-process';
import type { StepsWorkerConfig } from './fixtures/steps-worker';

jest.setTimeout(180_000);

const PARTITIONS = 12;
const KEYS = 500;
const STEPS = 4;
const GROUP = 'necrostack:Steps';

/**
 * Per-key order across a fleet of worker processes (partition ownership): three workers on 12
 * partitions, 16 handlers each, 500 keys × 4 steps; each handling is recorded (start and end) in one
 * Redis list, replayed in Redis's order (see support/fleet-record.ts).
 */
describe('per-key order across worker processes', () => {
  let env: RedisTestEnv;
  let workers: WorkerProcess<StepsWorkerConfig>[];
  let producer: RedisBackend;

  beforeEach(async () => {
    env = await new RedisTestEnv().start();
    workers = [];
    producer = env.backend({ partitions: PARTITIONS });
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await env.cleanup();
  });

  const recordKey = () => `${env.streamKey}:test:record`;
  const record = () => env.send<string[]>('LRANGE', recordKey(), '0', '-1');

  function worker(name: string): Promise<WorkerProcess<StepsWorkerConfig>> {
    const config: StepsWorkerConfig = {
      url: REDIS_URL, streamKey: env.streamKey, recordUrl: REDIS_URL, recordKey: recordKey(),
      consumerName: `${name}-${env.streamKey.slice(-6)}`, claimMinIdleMs: 1_500, partitions: PARTITIONS, concurrency: 16, handleDelayMs: 15,
    };
    const started = new WorkerProcess<StepsWorkerConfig>(config, 'steps-worker.ts');
    workers.push(started);
    return started.ready();
  }

  /** The holder of each partition's lease. */
  const holders = () => Promise.all(producer.keys.partitionStreams.map((s) => env.send<string | null>('GET', producer.keys.ownerKey(GROUP, s))));

  /** Waits until `count` distinct workers hold leases and every partition has a holder. */
  const balanced = (count: number) => waitFor(async () => {
    const now = await holders();
    return now.every((h) => h !== null) && new Set(now).size === count;
  }, { timeoutMs: 30_000, intervalMs: 50, what: `the partitions to be shared by ${count} workers` });

  const successes = async () => (await record()).filter((line) => line.startsWith('E ')).length;

  /** Waits until every event was handled successfully, then replays the record. */
  async function finished(expected: readonly string[]): Promise<FleetReplay> {
    await waitFor(async () => replayFleet(await record()).handled.size === expected.length, { timeoutMs: 120_000, intervalMs: 100, what: 'every event to be handled' });
    await waitFor(async () => {
      const pending = await Promise.all(producer.keys.partitionStreams.map((s) => env.send<[number]>('XPENDING', s, GROUP)));
      return pending.every(([n]) => n === 0);
    }, { timeoutMs: 30_000, what: 'nothing left pending' });
    return replayFleet(await record());
  }

  function expectInOrder(replay: FleetReplay, expected: readonly string[]): void {
    expect(replay.overlaps).toEqual([]);
    expect([...replay.handled].sort()).toEqual([...expected].sort());
    const inOrder = Array.from({ length: STEPS }, (_, seq) => seq);
    const outOfOrder = [...replay.order].filter(([, seqs]) => seqs.join() !== inOrder.join());
    expect(outOfOrder).toEqual([]);
  }

  it('handles each key one at a time, in order, across three workers', async () => {
    await Promise.all(['a', 'b', 'c'].map((name) => worker(name)));
    await balanced(3);
    const { expected, events } = fleetEvents(KEYS, STEPS);
    for (let at = 0; at < events.length; at += 250) await producer.enqueue(events.slice(at, at + 250));
    const replay = await finished(expected);
    expectInOrder(replay, expected);
    expect(replay.repeats).toEqual([]); // a clean run: no successful handling is repeated
    expect(replay.byWorker.size).toBe(3);
  });

  it('keeps each key in order when a worker is killed mid-run: its events are handled before the later ones of their keys', async () => {
    const [doomed] = await Promise.all(['doomed', 'b', 'c'].map((name) => worker(name))) as [WorkerProcess<StepsWorkerConfig>];
    await balanced(3);
    const { expected, events } = fleetEvents(KEYS, STEPS);
    for (let at = 0; at < events.length; at += 250) await producer.enqueue(events.slice(at, at + 250));
    await waitFor(async () => (replayFleet(await record()).byWorker.get(doomed.config.consumerName) ?? 0) >= 30,
      { timeoutMs: 60_000, intervalMs: 20, what: 'the doomed worker to make progress' });
    expect(await successes()).toBeLessThan(expected.length); // killed mid-run
    await doomed.stop('SIGKILL');
    await env.send('RPUSH', recordKey(), crashMarker(doomed.config.consumerName));

    const replay = await finished(expected);
    expectInOrder(replay, expected);
    // Only an event the dead worker had handled (but not acked) may run again, after its death.
    expect(replay.repeats.filter((r) => r.afterCrashOf !== doomed.config.consumerName)).toEqual([]);
    expect(await holders()).not.toContain(doomed.config.consumerName);
  });

  it('keeps each key in order while a worker joins and another stops gracefully mid-run', async () => {
    const [leaving] = await Promise.all(['leaving', 'b'].map((name) => worker(name))) as [WorkerProcess<StepsWorkerConfig>];
    await balanced(2);
    const { expected, events } = fleetEvents(KEYS, STEPS);
    const wave = (seqs: readonly number[]) => producer.enqueue(events.filter((e) => seqs.includes(e.payload.seq)));
    await wave([0, 1]);
    await waitFor(async () => (await successes()) >= 200, { timeoutMs: 60_000, intervalMs: 20, what: 'progress before the join' });
    const joiner = await worker('joiner');
    await wave([2]);
    await waitFor(async () => (replayFleet(await record()).byWorker.get(joiner.config.consumerName) ?? 0) >= 20,
      { timeoutMs: 60_000, intervalMs: 20, what: 'the joining worker to take partitions' });
    expect(await leaving.stop('SIGTERM')).toBe(0);
    expect(leaving.output).toContain('CLOSED');
    await wave([3]); // the run goes on without it

    const replay = await finished(expected);
    expectInOrder(replay, expected);
    expect(replay.repeats).toEqual([]); // graceful: what it held was handed back, nothing repeated
    expect(replay.byWorker.get(leaving.config.consumerName)).toBeGreaterThan(0);
    expect(new Set(await holders())).toEqual(new Set(workers.slice(1).map((w) => w.config.consumerName)));
  });
});

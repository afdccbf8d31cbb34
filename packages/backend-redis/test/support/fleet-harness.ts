import type { RedisKeys } from '@necrostack/backend-redis';
import type { WorkerConfig } from '../fixtures/worker';
import { crashMarker, replayFleet, type FleetReplay } from './fleet-record';
import { REDIS_URL, waitFor } from './redis-test-env';
import { WorkerProcess } from './worker-process';

/** The Redis consumer group of the steps workers' organ. */
export const STEPS_GROUP = 'necrostack:Steps';

/** How a fleet test reaches its Redis: one command, routed by `key` (a Cluster) or not. */
export type SendTo = <T = unknown>(key: string, ...args: string[]) => Promise<T>;

/** What a fleet test sets of its workers' config. */
export type FleetWorkerConfig = Omit<WorkerConfig, 'consumerName' | 'recordUrl' | 'recordKey' | 'steps'>;

/**
 * A fleet of worker processes running the Steps organ (test/fixtures/worker.ts, `steps: true`) on one stream, with their
 * record (a list on the tests' single Redis) and what a test asks of the leases and pending lists.
 */
export class FleetHarness {
  readonly workers: WorkerProcess[] = [];
  readonly recordKey: string;

  constructor(
    private readonly keys: RedisKeys,
    private readonly sendTo: SendTo,
    private readonly recorder: SendTo,
    private readonly base: FleetWorkerConfig,
  ) {
    this.recordKey = `${keys.streamKey}:test:record`;
  }

  /** Starts a worker named `name` (plus a suffix of the stream key) and waits until it subscribed. */
  worker(name: string): Promise<WorkerProcess> {
    const started = new WorkerProcess({
      ...this.base, steps: true, recordUrl: REDIS_URL, recordKey: this.recordKey, consumerName: `${name}-${this.keys.streamKey.slice(-6)}`,
    });
    this.workers.push(started);
    return started.ready();
  }

  record(): Promise<string[]> {
    return this.recorder(this.recordKey, 'LRANGE', this.recordKey, '0', '-1');
  }

  /** Appends `line` to the record (a crash marker). */
  async note(line: string): Promise<void> {
    await this.recorder(this.recordKey, 'RPUSH', this.recordKey, line);
  }

  /** The holder of each partition's lease. */
  holders(): Promise<(string | null)[]> {
    return Promise.all(this.keys.partitionStreams.map((s) => this.sendTo<string | null>(this.keys.ownerKey(STEPS_GROUP, s), 'GET', this.keys.ownerKey(STEPS_GROUP, s))));
  }

  /** Waits until `count` distinct workers hold leases and every partition has a holder. */
  balanced(count: number): Promise<true> {
    return waitFor(async () => {
      const now = await this.holders();
      return now.every((h) => h !== null) && new Set(now).size === count;
    }, { timeoutMs: 30_000, intervalMs: 50, what: `the partitions to be shared by ${count} workers` });
  }

  /** Successful handlings by `worker` so far (every worker's without one). */
  async successes(worker?: WorkerProcess): Promise<number> {
    const replay = replayFleet(await this.record());
    return worker ? replay.byWorker.get(worker.config.consumerName) ?? 0 : [...replay.byWorker.values()].reduce((a, b) => a + b, 0);
  }

  /** Waits until every event of `expected` was handled successfully and nothing is pending, then replays the record. */
  async finished(expected: readonly string[]): Promise<FleetReplay> {
    await waitFor(async () => replayFleet(await this.record()).handled.size === expected.length,
      { timeoutMs: 120_000, intervalMs: 100, what: 'every event to be handled' });
    await waitFor(async () => {
      const pending = await Promise.all(this.keys.partitionStreams.map((s) => this.sendTo<[number]>(s, 'XPENDING', s, STEPS_GROUP)));
      return pending.every(([n]) => n === 0);
    }, { timeoutMs: 30_000, what: 'nothing left pending' });
    return replayFleet(await this.record());
  }

  /**
   * Once `doomed` handled 30 events, SIGKILLs it and appends its crash marker to the record; checks
   * that the run was not over (`total` events).
   */
  async killMidRun(doomed: WorkerProcess, total: number): Promise<void> {
    await waitFor(async () => (await this.successes(doomed)) >= 30, { timeoutMs: 60_000, intervalMs: 20, what: 'the doomed worker to make progress' });
    await doomed.stop('SIGKILL');
    await this.note(crashMarker(doomed.config.consumerName));
    expect(await this.successes()).toBeLessThan(total);
  }

  /**
   * After killMidRun: every event handled, in order per key, no overlap; only an event the dead
   * worker had handled (but not acked) ran again, after its death; its leases went to the others.
   */
  async expectOrderAfterCrash(doomed: WorkerProcess, expected: readonly string[], steps: number): Promise<void> {
    const replay = await this.finished(expected);
    expectFleetOrder(replay, expected, steps);
    expect(replay.repeats.filter((r) => r.afterCrashOf !== doomed.config.consumerName)).toEqual([]);
    expect(await this.holders()).not.toContain(doomed.config.consumerName);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop('SIGKILL')));
  }
}

/** No two handlers of a key overlapped, every event was handled, and each key's first handlings came in seq order. */
export function expectFleetOrder(replay: FleetReplay, expected: readonly string[], steps: number): void {
  expect(replay.overlaps).toEqual([]);
  expect([...replay.handled].sort()).toEqual([...expected].sort());
  const inOrder = Array.from({ length: steps }, (_, seq) => seq).join();
  expect([...replay.order].filter(([, seqs]) => seqs.join() !== inOrder)).toEqual([]);
}

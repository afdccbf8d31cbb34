import { randomUUID } from 'node:crypto';
import { Event } from '@necrostack/core';
import { RedisBackend, RedisKeys, type RedisOrdering } from '@necrostack/backend-redis';
import { stopAll } from '../lib/child';
import { quietLogger } from '../lib/quiet-logger';
import { BATCH, drainTimeoutMs } from './e2e-peers';
import { WARM_UP_EVENTS, measureWorkers, startWorkers, tally } from './e2e-workers';
import type { PrivateTopology } from './private-topology';
import { KEY_PREFIX, waitFor, type RedisRun } from './redis-info';

/** How many partition keys (correlation ids) the events share, round robin. */
export const KEYS = 1_000;
const READY_TIMEOUT_MS = 20_000;

/** One scaling scenario: worker processes, partitions, and the ordering (the backend's default when absent). */
export interface ScalingScenario {
  readonly workers: number;
  readonly partitions: number;
  readonly ordering?: RedisOrdering;
}

const events = (count: number, from: number) =>
  Array.from({ length: count }, (_, i) => new Event('BENCH', { n: from + i, from: 'bench' }, { correlationId: `key-${(from + i) % KEYS}` }));

/**
 * On `topology`, the bench process produces `count` events through `RedisBackend.enqueue` (batches
 * of 1,000, `KEYS` correlation ids) while `scenario.workers` worker processes, each a Spine with one
 * no-op organ, consume them. The clock runs from the first enqueue until the workers handled every
 * event and the group has read them all on every partition with nothing pending; the workers' CPU
 * is counted over the same span.
 */
export async function scalingRun(topology: PrivateTopology, scenario: ScalingScenario, count: number): Promise<RedisRun> {
  const { workers, partitions, ordering } = scenario;
  const streamKey = `{${KEY_PREFIX}${randomUUID()}}:events`;
  const keys = new RedisKeys({ streamKey, consumerGroup: 'necrostack', layout: 'single', partitions });
  const group = keys.groupName('NoOp');
  const { connection } = topology;
  const processes = startWorkers({ kind: 'necrostack', layout: 'single', connection, streamKey, partitions, ordering }, workers);
  const producer = new RedisBackend({ ...connection, streamKey, partitions, ordering, logger: quietLogger() });
  const inputs = events(count, 0);
  const drained = async (total: number, timeoutMs: number) => {
    await waitFor(`${total} events handled by ${workers} worker(s)`, async () => (await tally(processes)).handled >= total, timeoutMs, 2);
    await waitFor(`${total} events acked by ${group} on ${partitions} partition(s)`, async () => {
      const info = await topology.group(keys.partitionStreams, group);
      return info !== undefined && info.entriesRead >= total && info.pending === 0;
    }, timeoutMs, 2);
  };
  try {
    await Promise.all(processes.map((p) => p.next('ready', READY_TIMEOUT_MS)));
    for (let i = 0; i < WARM_UP_EVENTS; i += BATCH) await producer.enqueue(events(BATCH, i - WARM_UP_EVENTS));
    await drained(WARM_UP_EVENTS, READY_TIMEOUT_MS);
    return await measureWorkers(processes, count, async () => {
      for (let i = 0; i < count; i += BATCH) await producer.enqueue(inputs.slice(i, i + BATCH));
      await drained(WARM_UP_EVENTS + count, drainTimeoutMs(count));
    }, () => topology.cpuMicros());
  } finally {
    await stopAll(processes);
    await producer.close();
    await topology.flush();
  }
}

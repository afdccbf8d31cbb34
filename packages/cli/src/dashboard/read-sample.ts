import type { RedisKeys } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';
import { readStatus, type GroupStatus, type StreamStatus } from '../status/inspect-redis';
import { idTime } from './dead-letter-fields';
import { lagOf, organName, type GroupPart, type Pending } from './group-part';
import { partitionViews } from './partition-views';
import { streamInfo } from './stream-info';
import type { ConsumerView, OrganView, PartitionView, StreamView, WorkerView } from './overview-model';

/** An organ as one sample reads it; rates and dead letters are added by the sampler. */
export type SampledOrgan = Omit<OrganView, 'deliveredPerSec' | 'failedPerSec' | 'deadLetters'>;

/** What one sample of Redis found. */
export interface Sample {
  readonly streams: StreamView[];
  readonly organs: SampledOrgan[];
  readonly workers: WorkerView[];
  /** With more than one partition only. */
  readonly partitions: PartitionView[] | undefined;
}

/**
 * Reads every stream, group, consumer and partition lease (as `necro status` does), the oldest pending entry of
 * each group (XPENDING) and each stream's history (XINFO STREAM), and folds them per organ and
 * per worker (see {@link WorkerView.status}) and, with several partitions, per partition.
 */
export async function readSample(redis: RawRedis, keys: RedisKeys, staleAfterMs: number): Promise<Sample> {
  const report = await readStatus(redis, keys);
  const now = Date.now();
  const streams = await Promise.all(report.streams.map((s) => streamView(redis, keys, s, now)));
  const onStreams = report.streams.flatMap((stream) => stream.groups.map((group) => ({ stream, group })));
  const pendings = await Promise.all(onStreams.map(({ stream, group }) => pendingSummary(redis, stream.key, group)));
  const parts: GroupPart[] = onStreams.map((p, i) => ({ ...p, pending: pendings[i] as Pending }));
  const byGroup = new Map<string, GroupPart[]>();
  for (const part of parts) {
    const name = String(part.group.name);
    const ofGroup = byGroup.get(name);
    if (ofGroup) ofGroup.push(part);
    else byGroup.set(name, [part]);
  }
  const organs = [...byGroup].map(([name, ofGroup]) => organOf(keys, name, ofGroup, now)).sort((a, b) => a.organ.localeCompare(b.organ));
  const partitions = partitionViews(keys, report.streams, parts, organs.map((o) => o.organ), report.ownership);
  return { streams, organs, workers: workersOf(organs, staleAfterMs), partitions };
}

function organOf(keys: RedisKeys, name: string, parts: readonly GroupPart[], now: number): SampledOrgan {
  const lags = parts.filter((p) => !keys.isRetryStream(p.stream.key)).map(lagOf);
  const oldest = Math.min(...parts.map((p) => p.pending.oldest ?? Infinity));
  const consumers = new Map<string, ConsumerView>();
  for (const { group } of parts) {
    for (const c of group['consumer-details']) {
      const seen = consumers.get(String(c.name));
      const pending = Number(c.pending ?? 0) + (seen?.pending ?? 0);
      consumers.set(String(c.name), { name: String(c.name), pending, idleMs: Math.min(Number(c.idle ?? 0), seen?.idleMs ?? Infinity) });
    }
  }
  return {
    organ: organName(keys, name),
    group: name,
    lag: lags.some((lag) => lag === null) ? null : sum(lags as number[]),
    pending: sum(parts.map((p) => p.pending.count)),
    oldestPendingMs: oldest === Infinity ? null : Math.max(0, now - oldest),
    delivered: sum(parts.map((p) => Number(p.group['entries-read'] ?? 0))),
    consumers: [...consumers.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function workersOf(organs: readonly SampledOrgan[], staleAfterMs: number): WorkerView[] {
  const workers = new Map<string, { organs: number; pending: number; idleMs: number; waiting: boolean }>();
  for (const organ of organs) {
    for (const c of organ.consumers) {
      const w = workers.get(c.name) ?? { organs: 0, pending: 0, idleMs: Infinity, waiting: false };
      workers.set(c.name, {
        organs: w.organs + 1, pending: w.pending + c.pending, idleMs: Math.min(w.idleMs, c.idleMs), waiting: w.waiting || organ.lag !== 0,
      });
    }
  }
  return [...workers].map(([name, { waiting, ...w }]) => ({ name, ...w, status: health(w.idleMs, w.pending > 0 || waiting, staleAfterMs) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// Redis before 7.2 refreshes a consumer's idle time only when it is handed entries, so a quiet
// worker's idle time grows: it is stalled only if work waits for it meanwhile.
function health(idleMs: number, workWaits: boolean, staleAfterMs: number): WorkerView['status'] {
  if (idleMs <= staleAfterMs) return 'active';
  return workWaits ? 'stalled' : 'idle';
}

async function streamView(redis: RawRedis, keys: RedisKeys, stream: StreamStatus, now: number): Promise<StreamView> {
  const info = await streamInfo(redis, stream.key);
  const entriesAdded = info?.entriesAdded ?? stream.length;
  return {
    key: stream.key,
    kind: keys.isRetryStream(stream.key) ? 'retry' : 'events',
    length: stream.length,
    entriesAdded,
    removed: Math.max(0, entriesAdded - stream.length),
    oldestEntryAgeMs: info?.firstId === undefined ? null : Math.max(0, now - idTime(info.firstId)),
  };
}

/** XPENDING's summary: how many entries the group has pending, and when the oldest was written (ms; null when none). */
async function pendingSummary(redis: RawRedis, stream: string, group: GroupStatus): Promise<Pending> {
  const [count, smallest] = (await redis.sendCommand(['XPENDING', stream, String(group.name)])) as [number, string | null];
  return { count: Number(count), oldest: smallest ? idTime(smallest) : null };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

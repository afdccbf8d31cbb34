import type { RedisKeys } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';
import { readStatus, type GroupStatus, type StreamStatus } from '../status/inspect-redis';
import { idTime } from './dead-letter-fields';
import { streamInfo } from './stream-info';
import type { ConsumerView, OrganView, StreamView, WorkerView } from './overview-model';

/** An organ as one sample reads it; rates and dead letters are added by the sampler. */
export type SampledOrgan = Omit<OrganView, 'deliveredPerSec' | 'failedPerSec' | 'deadLetters'>;

/** One group on one stream. */
interface Part {
  readonly stream: StreamStatus;
  readonly group: GroupStatus;
  readonly pending: Pending;
}

/** What one sample of Redis found. */
export interface Sample {
  readonly streams: StreamView[];
  readonly organs: SampledOrgan[];
  readonly workers: WorkerView[];
}

/**
 * Reads every stream, group and consumer (as `necro status` does), the oldest pending entry of
 * each group (XPENDING) and each stream's history (XINFO STREAM), and folds them per organ and
 * per worker (see {@link WorkerView.status}).
 */
export async function readSample(redis: RawRedis, keys: RedisKeys, staleAfterMs: number): Promise<Sample> {
  const report = await readStatus(redis, keys);
  const now = Date.now();
  const streams = await Promise.all(report.streams.map((s) => streamView(redis, keys, s, now)));
  const pendings = await Promise.all(report.streams.flatMap((s) => s.groups.map((g) => pendingSummary(redis, s.key, g))));
  const byGroup = new Map<string, Part[]>();
  let i = 0;
  for (const stream of report.streams) {
    for (const group of stream.groups) {
      const name = String(group.name);
      byGroup.set(name, [...(byGroup.get(name) ?? []), { stream, group, pending: pendings[i++] as Pending }]);
    }
  }
  const organs = [...byGroup].map(([name, parts]) => organOf(keys, name, parts, now)).sort((a, b) => a.organ.localeCompare(b.organ));
  return { streams, organs, workers: workersOf(organs, staleAfterMs) };
}

function organOf(keys: RedisKeys, name: string, parts: readonly Part[], now: number): SampledOrgan {
  const prefix = `${keys.consumerGroup}:`;
  const lags = parts.filter((p) => !keys.isRetryStream(p.stream.key)).map((p) => p.group.lag);
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
    organ: name.startsWith(prefix) ? name.slice(prefix.length) : name,
    group: name,
    lag: lags.some((lag) => lag === null || lag === undefined) ? null : lags.reduce<number>((sum, lag) => sum + Number(lag), 0),
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

/** A group's pending entries on one stream, read in one command so the count and the age agree. */
interface Pending {
  readonly count: number;
  readonly oldest: number | null;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

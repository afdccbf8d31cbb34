import type { RedisKeys } from '@necrostack/backend-redis';
import type { StreamStatus } from '../status/inspect-redis';
import { leaseLookup, type GroupOwnership } from '../status/read-ownership';
import { lagOf, organName, type GroupPart } from './group-part';
import type { PartitionOrganView, PartitionView } from './overview-model';

/**
 * The partition rows of a sample, undefined with one partition: each partition stream's length
 * and, for each organ whose group is on it, its lag, pending, consumers and lease holder there.
 * Built from the same parts as the organs' totals, so the rows of an organ add up to its lag and
 * (with its replay stream) its pending.
 */
export function partitionViews(keys: RedisKeys, streams: readonly StreamStatus[], parts: readonly GroupPart[],
  organOrder: readonly string[], ownership: readonly GroupOwnership[]): PartitionView[] | undefined {
  if (keys.partitions === 1) return undefined;
  const leaseOf = leaseLookup(ownership);
  const rank = new Map(organOrder.map((organ, i) => [organ, i]));
  const lengths = new Map(streams.map((s) => [s.key, s.length]));
  const onStream = new Map<string, PartitionOrganView[]>();
  for (const part of parts) {
    const organs = onStream.get(part.stream.key) ?? [];
    const group = String(part.group.name);
    organs.push({
      organ: organName(keys, group), lag: lagOf(part), pending: part.pending.count, consumers: part.group['consumer-details'].length,
      owner: leaseOf(group, part.stream.key)?.owner ?? null,
    });
    onStream.set(part.stream.key, organs);
  }
  return keys.partitionStreams.map((key, index) => ({
    index, key, length: lengths.get(key) ?? 0,
    organs: (onStream.get(key) ?? []).sort((a, b) => (rank.get(a.organ) ?? 0) - (rank.get(b.organ) ?? 0)),
  }));
}

import type { RedisKeys } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';

/** The lease of one stream for one group (per-key order): who reads it, and for how much longer. */
export interface LeaseStatus {
  readonly stream: string;
  /** The consumer holding the lease; null when it is free (no live worker of the group reads the stream). */
  readonly owner: string | null;
  /** The lease's remaining time to live (ms); null when it is free. */
  readonly ttlMs: number | null;
}

/** One entry of a group's member set. */
export interface MemberStatus {
  readonly name: string;
  /** Since its last heartbeat (ms, by the Redis server's clock); a member is live while this is below `claimMinIdleMs`. */
  readonly heartbeatAgeMs: number;
}

/** Partition ownership of one group: its member set and the lease of each events stream it is on. */
export interface GroupOwnership {
  readonly group: string;
  /** Newest heartbeat first. The workers drop members silent for a lease at each heartbeat; with no worker left, the last ones stay listed until the set expires. */
  readonly members: MemberStatus[];
  /** In the order of the streams; the retry streams are not owned, so not listed. */
  readonly leases: LeaseStatus[];
}

/** A stream and the names of the groups on it: what {@link readOwnership} looks up. */
export interface StreamGroups {
  readonly key: string;
  readonly groups: readonly string[];
}

/**
 * Reads who holds the lease of each events stream for each group on it (`GET` and `PTTL` of
 * `<stream>:owner:<group>`) and each group's member set (`ZRANGE … WITHSCORES` of
 * `<streamKey>:members:<group>`, aged by Redis's `TIME`), all sent at once: the client pipelines
 * them, and on a Cluster sends each to the master of its key's slot.
 *
 * @example
 * ```ts
 * const ownership = await readOwnership(client, keys, [{ key: keys.partitionStreams[0], groups: ['necrostack:SendEmail'] }]);
 * ```
 */
export async function readOwnership(client: RawRedis, keys: RedisKeys, streams: readonly StreamGroups[]): Promise<GroupOwnership[]> {
  const owned = streams.filter((s) => !keys.isRetryStream(s.key));
  const groups = [...new Set(owned.flatMap((s) => s.groups))].sort();
  const [time, memberSets, leases] = await Promise.all([
    client.sendCommand(['TIME']) as Promise<[string, string]>,
    Promise.all(groups.map((group) => client.sendCommand(['ZRANGE', keys.membersKey(group), '0', '-1', 'WITHSCORES']) as Promise<string[]>)),
    Promise.all(owned.flatMap((s) => s.groups.map((group) => readLease(client, keys.ownerKey(group, s.key), group, s.key)))),
  ]);
  const now = Number(time[0]) * 1_000 + Math.floor(Number(time[1]) / 1_000);
  return groups.map((group, i) => ({
    group,
    members: membersOf(memberSets[i] as string[], now),
    leases: leases.filter((l) => l.group === group).map(({ lease }) => lease),
  }));
}

/**
 * Looks the leases of `ownership` up by group and stream; undefined for a stream that is not owned
 * (a retry stream) or a group not read.
 * @example
 * ```ts
 * const leaseOf = leaseLookup(report.ownership);
 * leaseOf('necrostack:SendEmail', keys.partitionStreams[0])?.owner; // 'worker-1', or null when free
 * ```
 */
export function leaseLookup(ownership: readonly GroupOwnership[]): (group: string, stream: string) => LeaseStatus | undefined {
  const leases = new Map(ownership.flatMap((g) => g.leases.map((l) => [`${g.group}\n${l.stream}`, l] as const)));
  return (group, stream) => leases.get(`${group}\n${stream}`);
}

async function readLease(client: RawRedis, ownerKey: string, group: string, stream: string): Promise<{ group: string; lease: LeaseStatus }> {
  const [owner, ttl] = await Promise.all([client.sendCommand(['GET', ownerKey]), client.sendCommand(['PTTL', ownerKey])]);
  const held = typeof owner === 'string';
  return { group, lease: { stream, owner: held ? owner : null, ttlMs: held && Number(ttl) >= 0 ? Number(ttl) : null } };
}

/** A flat `[member, score, …]` reply as members, newest heartbeat first. */
function membersOf(flat: readonly string[], now: number): MemberStatus[] {
  const members: MemberStatus[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) members.push({ name: String(flat[i]), heartbeatAgeMs: Math.max(0, now - Number(flat[i + 1])) });
  return members.sort((a, b) => a.heartbeatAgeMs - b.heartbeatAgeMs || a.name.localeCompare(b.name));
}

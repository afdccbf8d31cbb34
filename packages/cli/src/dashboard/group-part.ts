import type { RedisKeys } from '@necrostack/backend-redis';
import type { GroupStatus, StreamStatus } from '../status/inspect-redis';

/** A group's pending entries on one stream, read in one command (XPENDING) so the count and the age agree. */
export interface Pending {
  readonly count: number;
  /** When the oldest pending entry was written (ms); null when none is pending. */
  readonly oldest: number | null;
}

/** One group on one stream, as a sample read it: what the organs' totals and the partition rows are made of. */
export interface GroupPart {
  readonly stream: StreamStatus;
  readonly group: GroupStatus;
  readonly pending: Pending;
}

/** The organ a Redis group name stands for: the name without the `--consumer-group` prefix. */
export function organName(keys: RedisKeys, group: string): string {
  const prefix = `${keys.consumerGroup}:`;
  return group.startsWith(prefix) ? group.slice(prefix.length) : group;
}

/** A group's lag on one stream (XINFO GROUPS), null when Redis cannot tell. */
export function lagOf(part: GroupPart): number | null {
  const lag = part.group.lag;
  return lag === null || lag === undefined ? null : Number(lag);
}

import { isUtf8Entry, notUtf8 } from '../codec/entry-codec';
import type { RedisConnection } from '../connection/redis-connection';
import { toUnavailable } from '../translate-error';
import type { Candidate } from './read-round';

/**
 * node-redis decodes replies as UTF-8 and turns bytes that are not UTF-8 into U+FFFD, so such an
 * entry would reach a handler silently altered. The few entries whose `event` text holds U+FFFD
 * are read again as bytes (one round trip for all of them): those that are not UTF-8 become
 * malformed, and are dead-lettered like any entry that is not a valid event.
 */
export async function rejectInvalidUtf8(connection: RedisConnection, candidates: Candidate[]): Promise<Candidate[]> {
  const suspects = candidates.filter((c) => c.replacedText !== undefined);
  if (suspects.length === 0) return candidates;
  let replies: unknown[];
  try {
    replies = await connection.pipelineBytes(suspects.map((c) => ['XRANGE', c.stream, c.entryId, c.entryId]));
  } catch (error) {
    throw toUnavailable('pull (UTF-8 check)', error);
  }
  const rejected = new Map<Candidate, Candidate>();
  suspects.forEach((c, i) => {
    // Gone from the stream meanwhile (trimmed): nothing to compare, keep what was read.
    const [entry] = (replies[i] as [Buffer, Buffer[] | null][] | null) ?? [];
    if (entry?.[1] && !isUtf8Entry(entry[1])) rejected.set(c, { ...c, decoded: notUtf8(c.replacedText as string) });
  });
  return rejected.size === 0 ? candidates : candidates.map((c) => rejected.get(c) ?? c);
}

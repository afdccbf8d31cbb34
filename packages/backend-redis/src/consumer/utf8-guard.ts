import { invalidUtf8Bytes, notUtf8 } from '../codec/entry-codec';
import type { RedisConnection } from '../connection/redis-connection';
import { toUnavailable } from '../translate-error';
import type { Candidate } from './read-round';

/**
 * node-redis decodes replies as UTF-8 and turns bytes that are not UTF-8 into U+FFFD, so such an
 * entry would reach a handler silently altered. The few entries whose `event` text holds U+FFFD
 * are read again as bytes (one round trip for all of them): those that are not UTF-8 become
 * malformed, and are dead-lettered like any entry that is not a valid event, with their exact bytes
 * (the dead letter's `event_base64`), and never replayed as altered text.
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
    const bytes = entry?.[1] ? invalidUtf8Bytes(entry[1]) : undefined;
    if (bytes) rejected.set(c, { ...c, decoded: notUtf8(c.replacedText as string, bytes) });
  });
  return rejected.size === 0 ? candidates : candidates.map((c) => rejected.get(c) ?? c);
}

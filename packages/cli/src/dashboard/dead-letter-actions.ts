import type { RedisBackend, RefusedReplay } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';
import { organLetterIds } from './dead-letter-pages';
import { HttpError } from './http-io';
import type { DeadLetterSelection } from './validate';

/** What a replay did: how many went back to their organ, and those that cannot be replayed (they stay). */
export interface ReplayResult {
  readonly replayed: number;
  readonly refused: readonly RefusedReplay[];
}

/**
 * Replays the selected dead letters, each to the organ that failed it, with the backend's own
 * replay (atomic per letter). @throws HttpError 404 for an id that names no dead letter.
 */
export async function replaySelection(backend: RedisBackend, selection: DeadLetterSelection): Promise<ReplayResult> {
  const filter = 'id' in selection ? { id: selection.id } : 'organ' in selection ? { organ: selection.organ } : {};
  const report = await backend.deadLetters.replayWithReport(filter);
  if ('id' in selection && report.replayed === 0 && report.refused.length === 0) throw noSuchLetter(backend, selection.id);
  return { replayed: report.replayed, refused: report.refused };
}

/**
 * Deletes the selected dead letters: one, one organ's (by id, so letters written meanwhile stay)
 * or all. @throws HttpError 404 for an id that names no dead letter.
 */
export async function purgeSelection(backend: RedisBackend, redis: RawRedis, selection: DeadLetterSelection): Promise<{ deleted: number }> {
  if ('all' in selection) {
    const { size } = await backend.deadLetters.refresh();
    await backend.deadLetters.clear();
    return { deleted: size };
  }
  const ids = 'id' in selection ? [selection.id] : await organLetterIds(redis, backend.keys.dlq, selection.organ);
  const deleted = ids.length === 0 ? 0 : await backend.deadLetters.delete(ids);
  if ('id' in selection && deleted === 0) throw noSuchLetter(backend, selection.id);
  return { deleted };
}

function noSuchLetter(backend: RedisBackend, id: string): HttpError {
  return new HttpError(404, `no dead letter with id '${id}' in ${backend.keys.dlq}`);
}

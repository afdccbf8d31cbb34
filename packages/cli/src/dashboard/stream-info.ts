import type { RawRedis } from '../config/redis-client';

/** The parts of `XINFO STREAM` the dashboard reads. */
export interface StreamInfo {
  readonly length: number;
  readonly lastId: string;
  /** Entries ever added (Redis ≥ 7; the length on older servers). */
  readonly entriesAdded: number;
  /** The oldest entry's id, undefined when the stream is empty. */
  readonly firstId: string | undefined;
}

/** `XINFO STREAM key`, or undefined when there is no such stream. */
export async function streamInfo(redis: RawRedis, key: string): Promise<StreamInfo | undefined> {
  let flat: unknown[];
  try {
    flat = (await redis.sendCommand(['XINFO', 'STREAM', key])) as unknown[];
  } catch (error) {
    if (/no such key/i.test(String((error as Error)?.message))) return undefined;
    throw error;
  }
  const field = (name: string): unknown => flat[flat.indexOf(name) + 1];
  const length = Number(field('length'));
  const added = field('entries-added');
  const first = field('first-entry') as [string] | null;
  return {
    length,
    lastId: String(field('last-generated-id')),
    entriesAdded: added === undefined ? length : Number(added),
    firstId: first ? first[0] : undefined,
  };
}

import { Event, MalformedEntryError, type DeadLetter, type FailedEvent } from '@necrostack/core';
import { eventFields, fieldMap, type RawEntry } from './entry-codec';

/** Where a dead letter came from, besides what the Spine says. */
export interface DeadLetterSource {
  /** The stream entry id, when the event was stored. */
  readonly entryId?: string;
  /** The stream it was delivered from. */
  readonly stream?: string;
  /** The subscription group (organ or shared group) it was delivered to. */
  readonly group?: string;
}

/**
 * The dead-letter field holding, in base64, the exact bytes of an entry whose `event` field is not
 * valid UTF-8 (its `event` field then holds a lossy reading). Such a dead letter is never replayed.
 */
export const RAW_BYTES_FIELD = 'event_base64';

/**
 * Why a dead letter that has no event (`event` undefined) cannot be replayed.
 * @example
 * ```ts
 * for (const letter of await backend.deadLetters.getAll()) {
 *   if (!letter.event) console.log(letter.id, replayRefusal(letter));
 * }
 * ```
 */
export function replayRefusal(letter: FailedEvent): string {
  return letter.rawBytes
    ? `its entry is not valid UTF-8: replaying its text would alter it (the exact bytes are in ${RAW_BYTES_FIELD})`
    : 'its entry could not be decoded into an event';
}

/**
 * The fields of a dead-letter entry. The first four are the Python NecroStack's
 * (`original_id`, `event`, `reason`, `failed_at`); `event` holds the original's four keys and `meta`
 * (when there is any) the lineage and headers, as in a stream entry; the rest are ours, and readers
 * of either side ignore the fields they do not know.
 */
export function deadLetterFields(letter: DeadLetter, source: DeadLetterSource): string[] {
  const [, event, ...meta] = eventFields(typeof letter.event === 'string' ? { event: letter.event, meta: undefined } : Event.encodeParts(letter.event));
  const originalId = source.entryId ?? (typeof letter.event === 'string' ? '' : letter.event.id);
  const fields = [
    'original_id', originalId,
    'event', event as string,
    ...meta,
    'reason', letter.error.message,
    'failed_at', new Date().toISOString(),
    'organ', letter.organ ?? '',
    'error_class', letter.error.name,
    'error_code', letter.error.code ?? '',
    'attempts', String(letter.attempts),
    'group', source.group ?? '',
    'stream', source.stream ?? '',
  ];
  const bytes = letter.delivery?.kind === 'malformed' && letter.delivery.error instanceof MalformedEntryError ? letter.delivery.error.bytes : undefined;
  if (bytes) fields.push(RAW_BYTES_FIELD, Buffer.from(bytes).toString('base64'));
  return fields;
}

/**
 * A dead-letter stream entry, as `XRANGE` returns it in RESP2, as a {@link FailedEvent} (entries
 * written by Python workers too). For readers that page through the dead-letter stream themselves.
 * @example
 * ```ts
 * const entries = (await redis.sendCommand(['XREVRANGE', backend.keys.dlq, '+', '-', 'COUNT', '50'])) as RawEntry[];
 * const newest = entries.map(toFailedEvent);
 * ```
 */
export function toFailedEvent([id, fields]: RawEntry): FailedEvent {
  const f = fieldMap(fields ?? []);
  const raw = f.event ?? '';
  const rawBytes = f[RAW_BYTES_FIELD] === undefined ? undefined : Buffer.from(f[RAW_BYTES_FIELD], 'base64');
  let event: Event | undefined;
  try {
    // `raw` is a lossy reading of bytes that are not UTF-8: decoding it would hand on altered data.
    event = raw === '' || rawBytes ? undefined : Event.fromParts(raw, f.meta);
  } catch {
    event = undefined;
  }
  // Python writes naive ISO timestamps in UTC.
  const stamp = f.failed_at ?? '';
  const failedAt = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(stamp) ? stamp : `${stamp}Z`);
  return {
    id,
    event,
    raw,
    ...(rawBytes ? { rawBytes } : {}),
    error: { name: f.error_class || 'Error', message: f.reason ?? '', ...(f.error_code ? { code: f.error_code } : {}) },
    organ: f.organ || undefined,
    group: f.group || undefined,
    attempts: attemptsOf(f.attempts),
    failedAt: Number.isNaN(failedAt.getTime()) ? new Date(Number(id.split('-')[0])) : failedAt,
  };
}

/** A count written by anyone (Python, an operator): a positive integer, else 1. */
function attemptsOf(text: string | undefined): number {
  const attempts = Number(text);
  return Number.isSafeInteger(attempts) && attempts >= 1 ? attempts : 1;
}

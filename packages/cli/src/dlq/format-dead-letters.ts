import { maskSecrets, type FailedEvent } from '@necrostack/core';
import { table, truncate } from '../output/table';

/** A dead letter as `necro dlq list --json` and `necro dlq show` print it. */
export interface DeadLetterView {
  readonly id: string;
  readonly organ: string | null;
  readonly group: string | null;
  readonly eventType: string | null;
  readonly eventId: string | null;
  readonly attempts: number;
  readonly failedAt: string;
  readonly error: { readonly name: string; readonly code: string | null; readonly message: string };
  readonly event: unknown;
  /** The entry's exact bytes, in base64, when they were not valid UTF-8 (`event` is then a lossy reading). */
  readonly eventBase64?: string;
}

/** The JSON view of a dead letter; an entry that could not be decoded keeps its raw text as `event`. */
export function toView(letter: FailedEvent): DeadLetterView {
  let event: unknown = letter.raw;
  try {
    event = JSON.parse(letter.raw) as unknown;
  } catch {
    // not JSON: shown as stored
  }
  return {
    id: letter.id,
    organ: letter.organ ?? null,
    group: letter.group ?? null,
    eventType: letter.event?.eventType ?? null,
    eventId: letter.event?.id ?? null,
    attempts: letter.attempts,
    failedAt: Number.isNaN(letter.failedAt.getTime()) ? '' : letter.failedAt.toISOString(),
    error: { name: letter.error.name, code: letter.error.code || null, message: maskSecrets(letter.error.message) },
    event,
    ...(letter.rawBytes ? { eventBase64: Buffer.from(letter.rawBytes).toString('base64') } : {}),
  };
}

/** The table `necro dlq list` prints. */
export function deadLetterTable(letters: readonly FailedEvent[]): string {
  if (letters.length === 0) return 'No dead letters.\n';
  const rows = letters.map((l) => [
    l.id, l.organ ?? '-', l.event?.eventType ?? '(undecodable)', String(l.attempts),
    Number.isNaN(l.failedAt.getTime()) ? '' : l.failedAt.toISOString(), truncate(maskSecrets(`${l.error.name}: ${l.error.message}`), 60),
  ]);
  return table(['ID', 'ORGAN', 'EVENT TYPE', 'TRIES', 'FAILED AT', 'ERROR'], rows) + `${letters.length} dead letter(s).\n`;
}

import { BackendUnavailableError, EnqueueError, NecroStackError, maskSecrets } from '@necrostack/core';
import { DatabaseError } from 'pg';

const HELP = 'Check that PostgreSQL is reachable with the configured connection and accepts it; ' +
  'the backend opens new connections by itself.';

/** SQLSTATEs and socket errors that no retry can fix: the configuration must change. */
const PERMANENT: Readonly<Record<string, string>> = {
  '28P01': 'PostgreSQL refused the password',
  '28000': 'PostgreSQL refused the role or the authentication method',
  '3D000': 'the database does not exist',
  '42501': 'the role lacks a privilege the backend needs (CREATE on the database, or USAGE on the schema)',
  ENOTFOUND: 'the PostgreSQL host name does not resolve',
};

/** Socket errors that mean a statement was never sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error's text with any URL password masked, prefixed with the plain reason of a permanent failure. */
export function describeCause(error: unknown): string {
  const code = codeOf(error);
  const message = maskSecrets(error instanceof Error ? error.message || error.name : String(error));
  const permanent = code === undefined ? undefined : PERMANENT[code];
  return permanent === undefined ? message : `${permanent} (${message})`;
}

/** A copy of a native error that is safe to log: passwords masked, no reference to the connection. */
export function sanitize(error: unknown): Error {
  if (error instanceof NecroStackError) return error;
  const copy = new Error(describeCause(error));
  if (error instanceof Error) {
    copy.name = error.name;
    copy.stack = maskSecrets(error.stack ?? copy.stack ?? '');
  }
  const code = codeOf(error);
  if (code !== undefined) (copy as Error & { code?: string }).code = code;
  return copy;
}

/** Any failure of a statement, as a NecroStackError (NecroStackErrors pass through). */
export function toUnavailable(action: string, error: unknown): NecroStackError {
  if (error instanceof NecroStackError) return error;
  const code = codeOf(error);
  return new BackendUnavailableError(`PostgreSQL ${action} failed: ${describeCause(error)}`, {
    cause: sanitize(error), help: HELP, permanent: code !== undefined && code in PERMANENT,
  });
}

/**
 * A failed enqueue, as an EnqueueError naming the events. Its outcome is `failed` when PostgreSQL
 * answered with an error (the INSERT is one statement: nothing was stored) or the statement was
 * never sent; `unknown` when the connection broke while it ran (it may have committed).
 */
export function toEnqueueError(eventIds: readonly string[], error: unknown): EnqueueError {
  if (error instanceof EnqueueError) return error;
  const code = codeOf(error);
  const answered = error instanceof DatabaseError || error instanceof NecroStackError || (code !== undefined && NOT_SENT.has(code));
  return new EnqueueError(`Could not enqueue ${eventIds.length} event(s) to PostgreSQL: ${describeCause(error)}`, eventIds, {
    cause: sanitize(error),
    help: answered ? HELP : `${HELP} No answer came: the events may be stored.`,
    outcome: answered ? 'failed' : 'unknown',
  });
}

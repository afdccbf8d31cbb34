import { ErrorReply, MultiErrorReply } from 'redis';
import { BackendUnavailableError, EnqueueError, NecroStackError, maskSecrets } from '@necrostack/core';
import { isErrorLike, permanentFailure, type PermanentFailure } from './connection/permanent-errors';

const HELP = 'Check that Redis is reachable at the configured url and answers within commandTimeoutMs; ' +
  'the backend reconnects by itself with backoff.';
const UNKNOWN_HELP = 'No answer came: the events may be stored. Retrying the same events within enqueueDedupWindowMs ' +
  'stores them once.';

/**
 * The error's text with any URL password masked (node-redis timeouts have an empty message); for a
 * permanent failure (credentials, host, TLS), what is wrong in plain words.
 */
export function describeCause(error: unknown): string {
  const permanent = permanentFailure(error);
  if (permanent) return permanent.reason;
  // A pipeline's error replies come wrapped: the first one says what Redis refused.
  if (error instanceof MultiErrorReply) return describeCause(error.errors().next().value);
  if (isErrorLike(error)) return maskSecrets(error.message || error.name);
  return maskSecrets(String(error));
}

/**
 * A copy of a native error that is safe to log: message and stack with passwords masked, and
 * no reference to node-redis objects (which hold the connection options).
 */
export function sanitize(error: unknown): Error {
  if (error instanceof NecroStackError) return error;
  const copy = new Error(describeCause(error));
  if (isErrorLike(error)) {
    copy.name = error.name;
    copy.stack = maskSecrets(error.stack ?? copy.stack ?? '');
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  }
  return copy;
}

/**
 * Any failure of a Redis command, as a NecroStackError (NecroStackErrors pass through). A permanent
 * failure (credentials, host, TLS) says what is wrong and is marked `permanent`.
 */
export function toUnavailable(action: string, error: unknown): NecroStackError {
  if (error instanceof NecroStackError) return error;
  const permanent = permanentFailure(error);
  if (permanent) return permanentError(permanent, error);
  return new BackendUnavailableError(`Redis ${action} failed: ${describeCause(error)}`, { cause: sanitize(error), help: HELP });
}

/** A permanent failure as the BackendUnavailableError callers get at once. */
export function permanentError(failure: PermanentFailure, error: unknown): BackendUnavailableError {
  return new BackendUnavailableError(failure.reason, { cause: sanitize(error), help: failure.help, permanent: true });
}

/**
 * A failed enqueue, as an EnqueueError naming the events. Its outcome is `failed` when Redis
 * answered with an error (the script writes nothing then) or the write was never sent (no
 * connection: a NecroStackError); anything else — no reply in time, a connection lost in flight —
 * leaves it `unknown`: Redis may have run the write.
 */
export function toEnqueueError(eventIds: readonly string[], error: unknown): EnqueueError {
  if (error instanceof EnqueueError) return error;
  const outcome = error instanceof ErrorReply || error instanceof NecroStackError || permanentFailure(error) ? 'failed' : 'unknown';
  const help = error instanceof NecroStackError ? error.help : permanentFailure(error)?.help;
  return new EnqueueError(`Could not enqueue ${eventIds.length} event(s) to Redis: ${describeCause(error)}`, eventIds, {
    cause: sanitize(error),
    help: help ?? (outcome === 'unknown' ? `${HELP} ${UNKNOWN_HELP}` : HELP),
    outcome,
  });
}

import { BackendUnavailableError, EnqueueError, NecroStackError, maskSecrets } from '@necrostack/core';

const HELP = 'Check that Redis is reachable at the configured url and answers within commandTimeoutMs; ' +
  'the backend reconnects by itself with backoff.';

/** The error's text with any URL password masked; node-redis timeouts have an empty message. */
export function describeCause(error: unknown): string {
  if (error instanceof Error) return maskSecrets(error.message || error.name);
  return maskSecrets(String(error));
}

/**
 * A copy of a native error that is safe to log: message and stack with passwords masked, and
 * no reference to node-redis objects (which hold the connection options).
 */
export function sanitize(error: unknown): Error {
  if (error instanceof NecroStackError) return error;
  const copy = new Error(describeCause(error));
  if (error instanceof Error) {
    copy.name = error.name;
    copy.stack = maskSecrets(error.stack ?? copy.stack ?? '');
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  }
  return copy;
}

/** Any failure of a Redis command, as a NecroStackError (NecroStackErrors pass through). */
export function toUnavailable(action: string, error: unknown): NecroStackError {
  if (error instanceof NecroStackError) return error;
  return new BackendUnavailableError(`Redis ${action} failed: ${describeCause(error)}`, { cause: sanitize(error), help: HELP });
}

/** A failed XADD batch, as an EnqueueError naming the events. */
export function toEnqueueError(eventIds: readonly string[], error: unknown): EnqueueError {
  if (error instanceof EnqueueError) return error;
  return new EnqueueError(`Could not enqueue ${eventIds.length} event(s) to Redis: ${describeCause(error)}`, eventIds, {
    cause: sanitize(error),
    help: HELP,
  });
}

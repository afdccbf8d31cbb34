/** The longest backoff delay, whatever the attempt. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * Exponential backoff with "equal jitter": half of `base * 2^(attempt-1)` fixed, half random, so
 * retrying consumers spread out instead of retrying in lockstep.
 */
export function backoffDelay(baseMs: number, attempt: number, maxMs = MAX_BACKOFF_MS): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

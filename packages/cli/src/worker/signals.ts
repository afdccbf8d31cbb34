/** The signals a worker stops on, with the exit code of a forced (second-signal) exit. */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal a worker stops on. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * Calls `onFirst` on the first SIGTERM or SIGINT; a second one exits at once with 128 + the
 * signal number (130 for SIGINT, 143 for SIGTERM), for an operator who will not wait.
 * Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * onStopSignals((signal) => void shutdown(signal), (signal) => logger.warn('Forced exit', { signal }));
 * ```
 */
export function onStopSignals(onFirst: (signal: StopSignal) => void, onForced: (signal: StopSignal) => void): () => void {
  let received = false;
  const handler = (signal: StopSignal): void => {
    if (!received) {
      received = true;
      onFirst(signal);
      return;
    }
    onForced(signal);
    process.exit(STOP_SIGNALS[signal]);
  };
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.on(signal, handler);
  return () => {
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.off(signal, handler);
  };
}

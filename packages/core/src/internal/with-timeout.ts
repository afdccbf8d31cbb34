/**
 * `promise`, or a rejection naming `what` once `ms` have passed without an answer (the promise
 * itself is not cancelled). Used by the backends' health checks and the CLI to bound a probe.
 *
 * @example
 * ```ts
 * const pong = await withTimeout(client.ping(), 1_000, 'PING'); // rejects "PING: no answer within 1000 ms"
 * ```
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

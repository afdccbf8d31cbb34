/** What settles a promise made by {@link promiseSettledBy}: the object's own fields, set by it. */
export interface Resolvers<T> {
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (error: unknown) => void;
}

// The holder of the promise being made; let go of at once.
let target: Resolvers<unknown> | undefined;
function takeResolvers(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  (target as Resolvers<unknown>).resolve = resolve;
  (target as Resolvers<unknown>).reject = reject;
}

/**
 * A new promise whose resolvers are stored on `holder` (`holder.resolve`, `holder.reject`): for an
 * object made on a hot path that settles its own promise, without a closure as the executor.
 *
 * @example
 * ```ts
 * class Pending implements Resolvers<number> {
 *   resolve!: Resolvers<number>['resolve'];
 *   reject!: Resolvers<number>['reject'];
 *   readonly promise = promiseSettledBy(this);
 * }
 * ```
 */
export function promiseSettledBy<T>(holder: Resolvers<T>): Promise<T> {
  target = holder as Resolvers<unknown>;
  const promise = new Promise<T>(takeResolvers as (resolve: Resolvers<T>['resolve'], reject: Resolvers<T>['reject']) => void);
  target = undefined;
  return promise;
}

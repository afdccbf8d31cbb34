import { maskSecrets } from '@necrostack/core';
import { DEFAULT_CLI_TIMEOUT_MS, type ConnectionFlags } from '../config/env';
import { withRedisClient } from '../config/redis-client';
import { CliError } from '../output/cli-error';

/** Ids per `XDEL` call. */
const XDEL_BATCH = 1_000;

/**
 * Deletes exactly these entries of the dead-letter stream (`XDEL`): dead letters written since they
 * were listed stay. Resolves with how many were deleted (fewer if some were gone already).
 * The backend's dead-letter queue can only delete all of them, hence a client of our own.
 *
 * @throws CliError when Redis cannot be reached within `--timeout`.
 * @example
 * ```ts
 * await deleteDeadLetters(flags, backend.keys.dlq, letters.map((l) => l.id));
 * ```
 */
export async function deleteDeadLetters(flags: ConnectionFlags, dlqKey: string, ids: readonly string[]): Promise<number> {
  try {
    return await withRedisClient(flags.backend, flags.timeout ?? DEFAULT_CLI_TIMEOUT_MS, async (redis) => {
      let deleted = 0;
      for (let i = 0; i < ids.length; i += XDEL_BATCH) {
        deleted += Number(await redis.sendCommand(['XDEL', dlqKey, ...ids.slice(i, i + XDEL_BATCH)]));
      }
      return deleted;
    });
  } catch (error) {
    throw new CliError(`Cannot delete dead letters from ${dlqKey} at ${maskSecrets(flags.backend)}`, { cause: error });
  }
}

import { randomUUID } from 'node:crypto';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { RedisBackend } from '@necrostack/backend-redis';
import type { Backend, Logger } from '@necrostack/core';
import { deleteKeys } from './delete-keys';

/**
 * Runs `body` with the backend `spec` names (`memory` or a Redis URL), then closes it. On Redis the
 * run gets streams of its own (`necrostack:example:<name>:<uuid>`), deleted afterwards, so runs
 * never see each other's events.
 */
export async function withExampleBackend<T>(
  spec: string, name: string, logger: Logger, body: (backend: Backend) => Promise<T>,
): Promise<T> {
  if (spec === 'memory') {
    const backend = new InMemoryBackend();
    try {
      return await body(backend);
    } finally {
      await backend.close();
    }
  }
  const streamKey = `necrostack:example:${name}:${randomUUID()}`;
  const backend = new RedisBackend({ url: spec, streamKey, logger });
  try {
    return await body(backend);
  } finally {
    await backend.close();
    // Cleanup must never hide the run's own error (an unreachable Redis fails both).
    await deleteKeys(spec, streamKey).catch((error: unknown) => {
      logger.warn('Could not delete the example streams', { stream_key: streamKey, error });
    });
  }
}

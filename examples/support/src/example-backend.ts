import { randomBytes, randomUUID } from 'node:crypto';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend } from '@necrostack/backend-redis';
import type { Backend, Logger } from '@necrostack/core';
import { Client } from 'pg';
import { deleteKeys } from './delete-keys';

/**
 * Runs `body` with the backend `spec` names (`memory`, a Redis URL or a PostgreSQL URL), then closes
 * it. On Redis the run gets streams of its own (`necrostack:example:<name>:<uuid>`), on PostgreSQL
 * a schema of its own (`example_<name>_<random>`), deleted afterwards, so runs never see each
 * other's events.
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
  if (/^postgres(ql)?:\/\//.test(spec)) return withPostgres(spec, name, logger, body);
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

async function withPostgres<T>(url: string, name: string, logger: Logger, body: (backend: Backend) => Promise<T>): Promise<T> {
  const schema = `example_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const backend = new PostgresBackend({ connectionString: url, schema, logger });
  try {
    return await body(backend);
  } finally {
    await backend.close();
    await dropSchema(url, schema).catch((error: unknown) => {
      logger.warn('Could not drop the example schema', { schema, error });
    });
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

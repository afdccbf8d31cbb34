import { randomBytes, randomUUID } from 'node:crypto';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend } from '@necrostack/backend-redis';
import type { Backend, Logger } from '@necrostack/core';
import { Client } from 'pg';
import { deleteKeys } from './delete-keys';

/** A run's backend, and how to delete what it stored once it is closed. */
interface RunBackend {
  readonly backend: Backend;
  /** What `cleanUp` deletes, for the warning when it cannot. */
  readonly storage?: Record<string, string>;
  cleanUp?(): Promise<void>;
}

/**
 * Runs `body` with the backend `spec` names (`memory`, a Redis URL or a PostgreSQL URL), then closes
 * it. On Redis the run gets streams of its own (`necrostack:example:<name>:<uuid>`), on PostgreSQL
 * a schema of its own (`example_<name>_<random>`), deleted afterwards, so runs never see each
 * other's events.
 */
export async function withExampleBackend<T>(
  spec: string, name: string, logger: Logger, body: (backend: Backend) => Promise<T>,
): Promise<T> {
  const run = open(spec, name, logger);
  try {
    return await body(run.backend);
  } finally {
    await run.backend.close();
    // Cleanup must never hide the run's own error (an unreachable server fails both).
    await run.cleanUp?.().catch((error: unknown) => {
      logger.warn('Could not delete what the example stored', { ...run.storage, error });
    });
  }
}

function open(spec: string, name: string, logger: Logger): RunBackend {
  if (spec === 'memory') return { backend: new InMemoryBackend() };
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const schema = `example_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
    return { backend: new PostgresBackend({ connectionString: spec, schema, logger }), storage: { schema }, cleanUp: () => dropSchema(spec, schema) };
  }
  const streamKey = `necrostack:example:${name}:${randomUUID()}`;
  return { backend: new RedisBackend({ url: spec, streamKey, logger }), storage: { stream_key: streamKey }, cleanUp: () => deleteKeys(spec, streamKey) };
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

import { ConfigurationError } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { MIGRATIONS } from '../src/schema/migrations';
import { POSTGRES_URL, SchemaEnv } from './support/postgres-test-env';

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

describe('PostgresBackend schema', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('is created once by workers starting together, under the advisory lock, each migration recorded once', async () => {
    const backends = Array.from({ length: 4 }, () => env.backend());
    await Promise.all(backends.map((b) => b.connect()));
    const versions = await env.rows<{ version: number }>('SELECT version FROM $schema.schema_migrations ORDER BY version');
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    const tables = await env.rows<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [env.schema]);
    expect(tables.map((t) => t.table_name)).toEqual(['completions', 'dead_letters', 'deliveries', 'events', 'groups', 'schema_migrations']);
    await env.backend().connect(); // up to date: nothing applied again
    expect(await env.rows('SELECT version FROM $schema.schema_migrations')).toHaveLength(MIGRATIONS.length);
  });

  it('reports its state in health(): version, groups, ready and in-flight deliveries', async () => {
    const backend = env.backend();
    await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
    const { healthy, details } = await backend.health();
    expect(healthy).toBe(true);
    expect(details).toMatchObject({ connected: true, schema: env.schema, schemaVersion: LATEST, listening: true });
    expect(details.groups.map((g) => g.name)).toContain('Billing');
  });

  it('refuses a schema name it cannot use as a channel, and never repeats the password', () => {
    expect(() => new PostgresBackend({ connectionString: POSTGRES_URL, schema: 'no-dashes' })).toThrow(ConfigurationError);
    let message = '';
    try {
      new PostgresBackend({ connectionString: 'mysql://app:s3cret@db/x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/connectionString/);
    expect(message).not.toContain('s3cret');
  });

  it('answers health() unhealthy, with the reason, when PostgreSQL refuses the connection', async () => {
    const backend = new PostgresBackend({ connectionString: 'postgres://root:s3cret@127.0.0.1:1/test', healthTimeoutMs: 2_000 });
    const { healthy, details } = await backend.health();
    expect(healthy).toBe(false);
    expect(details.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(details)).not.toContain('s3cret');
    await backend.close();
  });
});

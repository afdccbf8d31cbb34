import { ConfigurationError } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { Event } from '@necrostack/core';
import { MIGRATIONS } from '../src/schema/migrations';
import { PostgresTables } from '../src/schema/postgres-tables';
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
    expect(tables.map((t) => t.table_name)).toEqual([
      'completions', 'dead_letters', 'delayed', 'deliveries', 'events', 'groups', 'sagas', 'schedules', 'schema_migrations',
    ]);
    await env.backend().connect(); // up to date: nothing applied again
    expect(await env.rows('SELECT version FROM $schema.schema_migrations')).toHaveLength(MIGRATIONS.length);
  });

  it('brings a schema of version 1 up to date in place, keeping its events', async () => {
    const old = new SchemaEnv();
    try {
      const tables = new PostgresTables(old.schema);
      const placed = new Event('ORDER_PLACED', {});
      await old.rows(`CREATE SCHEMA $schema; CREATE TABLE $schema.schema_migrations (
        version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await old.rows(MIGRATIONS[0]!.sql(tables));
      await old.rows(`INSERT INTO $schema.schema_migrations (version, description) VALUES (1, 'v1')`);
      await old.rows('INSERT INTO $schema.events (id, event_type, body) VALUES ($1, $2, $3)', [placed.id, 'ORDER_PLACED', JSON.stringify(placed.toJSON())]);
      const backend = old.backend();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      expect((await backend.health()).details.schemaVersion).toBe(LATEST);
      expect((await backend.pull(10, 1_000)).map((d) => d.kind === 'event' && d.event.id)).toEqual([placed.id]);
      expect(await backend.claimTick('report', 1_000, new Event('TICK', {}))).toBe(true);
    } finally {
      await old.cleanup();
    }
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

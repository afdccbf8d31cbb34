// The saga store's behaviour is in the conformance suite (packages/testkit, saga store); this is
// its PostgreSQL layout and retention.
import { SchemaEnv } from './support/postgres-test-env';

describe('PostgresBackend.sagas', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('keeps one row per instance (version, data), with expires_at only after a save with a time to live', async () => {
    const { sagas } = env.backend();
    expect(await sagas.save('S', 'k', 0, '{"a":1}')).toBe(true);
    const row = () => env.rows<{ version: string; data: string; expiring: boolean }>(
      `SELECT version::text, data, expires_at IS NOT NULL AS expiring FROM $schema.sagas WHERE saga = 'S' AND key = 'k'`);
    expect(await row()).toEqual([{ version: '1', data: '{"a":1}', expiring: false }]);
    expect(await sagas.save('S', 'k', 1, '{"a":2}', 60_000)).toBe(true);
    expect(await row()).toEqual([{ version: '2', data: '{"a":2}', expiring: true }]);
  });

  it('deletes expired instances in the retention round, and keeps the others', async () => {
    const backend = env.backend();
    await backend.sagas.save('R', 'kept', 0, '{}');
    await backend.sagas.save('R', 'live', 0, '{}', 60_000);
    await backend.sagas.save('R', 'gone', 0, '{}', 1);
    await env.rows(`UPDATE $schema.sagas SET expires_at = now() - interval '1 second' WHERE key = 'gone'`);
    expect((await backend.maintain()).sagasDeleted).toBe(1);
    expect(await env.rows(`SELECT key FROM $schema.sagas WHERE saga = 'R' ORDER BY key`)).toEqual([{ key: 'kept' }, { key: 'live' }]);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { assertBuilt, errorLine, fixture, killStarted, lines, necro, startWorker, waitFor } from './helpers';

const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

describe('necro with a postgres:// backend', () => {
  const schema = `necro_cli_${randomBytes(5).toString('hex')}`;
  const backend = `${POSTGRES_URL}?schema=${schema}`;
  const pool = new Pool({ connectionString: POSTGRES_URL, max: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'necro-pg-'));
  beforeAll(assertBuilt);
  afterEach(killStarted);
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes events into the schema of ?schema= and a worker handles each of them', async () => {
    const record = join(dir, 'handled');
    const worker = await startWorker(['--organs', fixture('recorder.organ.js'), '--backend', backend, '--consumer-name', 'pg-1'],
      { env: { NECRO_TEST_RECORD: record } });
    for (const n of [1, 2, 3]) {
      const published = await necro(['publish', 'REC', JSON.stringify({ n }), '--backend', backend]);
      expect([published.code, published.stdout]).toEqual([0, expect.stringContaining(`to ${schema}.events`)]);
    }
    await waitFor(() => lines(record).length >= 3, 15_000, 'three handled events');
    const stored = await pool.query<{ id: string }>(`SELECT id FROM "${schema}".events ORDER BY seq`);
    expect(new Set(lines(record))).toEqual(new Set(stored.rows.map((r) => r.id)));
    expect((await worker.stop()).code).toBe(0);
    expect((await pool.query(`SELECT 1 FROM "${schema}".deliveries`)).rows).toEqual([]);
  });

  it('says PostgreSQL refused, masking the password, when it cannot connect', async () => {
    const result = await necro(['publish', 'REC', '{}', '--backend', 'postgres://root:s3cret@127.0.0.1:1/test', '--timeout', '2000']);
    expect(result.code).not.toBe(0);
    expect(errorLine(result)).toMatch(/^necro: Cannot connect to PostgreSQL at postgres:\/\/root:\*\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/);
    expect(result.stderr).not.toContain('s3cret');
  });
});

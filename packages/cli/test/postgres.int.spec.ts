import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { Event, silentLogger, Spine } from '@necrostack/core';
import { Pool } from 'pg';
import { errorLine, fixture, lines, necro, startNecro, startWorker, streamEvents, waitFor } from './helpers';
import { useTestSpace } from './test-space';

const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

interface ListedLetter {
  id: string;
  organ: string;
  eventId: string;
}

describe('necro with a postgres:// backend', () => {
  const space = useTestSpace(); // the Redis stream `necro forward` writes to, and the processes, cleaned up
  const pool = new Pool({ connectionString: POSTGRES_URL, max: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'necro-pg-'));
  let schema: string;
  let backend: string;
  let backends: PostgresBackend[];
  beforeEach(() => {
    schema = `necro_cli_${randomBytes(5).toString('hex')}`;
    backend = `${POSTGRES_URL}?schema=${schema}`;
    backends = [];
  });
  afterEach(async () => {
    await Promise.all(backends.map((b) => b.close()));
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  afterAll(async () => {
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  function postgres(): PostgresBackend {
    const opened = new PostgresBackend({ connectionString: POSTGRES_URL, schema, logger: silentLogger });
    backends.push(opened);
    return opened;
  }

  /** `count` BOOM events that FailA and FailB (test/fixtures/failing.organ.js) both dead-letter: 2 × count dead letters. */
  async function deadLetter(count: number): Promise<void> {
    const { FailA, FailB } = require('./fixtures/failing.organ.js') as Record<string, new () => object>;
    const outbox = postgres();
    await outbox.enqueue(Array.from({ length: count }, (_, n) => new Event('BOOM', { n })));
    await new Spine({ organs: [FailA!, FailB!], backend: outbox, retryAttempts: 1, logger: silentLogger }).run();
  }

  async function list(...args: string[]): Promise<ListedLetter[]> {
    const result = await necro(['dlq', 'list', '--json', ...args, '--backend', backend]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as ListedLetter[];
  }

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

  it('forward relays committed events to the Redis stream in order, printing progress with the password masked; SIGINT stops it', async () => {
    const from = `postgres://root:s3cret@127.0.0.1:5432/test?schema=${schema}`; // trust auth: the password is only there to be masked
    const forward = startNecro(['forward', '--from', from, '--to', space.conn[1]!, '--stream', space.stream, '--interval', '200', '--json']);
    await forward.waitForOutput(/"state":"active"/, 15_000);
    const events = Array.from({ length: 30 }, (_, n) => new Event(n % 2 ? 'ORDER_PAID' : 'ORDER_PLACED', { n }));
    for (let i = 0; i < events.length; i += 10) await postgres().enqueue(events.slice(i, i + 10));
    await waitFor(async () => (await streamEvents(space.stream)).length >= events.length, 15_000, 'the events in Redis');
    expect((await streamEvents(space.stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    const result = await forward.stop('SIGINT');
    expect(result.code).toBe(0);
    const progress = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { state: string; forwarded: number; ratePerSecond: number });
    expect(progress.at(-1)).toMatchObject({ state: 'stopped', forwarded: events.length });
    expect(progress.every((p) => Number.isInteger(p.ratePerSecond))).toBe(true);
    expect(result.stdout + result.stderr).not.toContain('s3cret');
  });

  it('forward refuses a --from that is not PostgreSQL, and says when PostgreSQL cannot be reached, masking the password', async () => {
    const wrong = await necro(['forward', '--from', 'redis://127.0.0.1:6379', '--to', space.conn[1]!]);
    expect(wrong.code).toBe(2);
    expect(errorLine(wrong)).toContain('--from must be a PostgreSQL url');
    const itself = await necro(['forward', '--from', backend, '--to', backend.replace('@', ':other-password@')]); // the same schema
    expect(itself.code).toBe(2);
    expect(errorLine(itself)).toContain('--to is the outbox itself');
    const down = await necro(['forward', '--from', 'postgres://root:s3cret@127.0.0.1:1/test', '--to', space.conn[1]!, '--timeout', '2000']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/necro: Cannot connect to PostgreSQL at postgres:\/\/root:\*\*\*\*@127\.0\.0\.1:1\/test/);
    expect(down.stderr).not.toContain('s3cret');
  });

  it('dlq lists, replays (to the organ that failed only) and purges the dead letters of the schema', async () => {
    await deadLetter(2);
    expect((await list()).map((l) => l.organ).sort()).toEqual(['FailA', 'FailA', 'FailB', 'FailB']);
    const table = await necro(['dlq', 'list', '--backend', backend]);
    expect(table.stdout).toMatch(/^ID +ORGAN +EVENT TYPE/);
    expect(table.stdout).toContain('4 dead letter(s).');

    const dry = await necro(['dlq', 'replay', '--organ', 'FailA', '--dry-run', '--backend', backend]);
    expect(dry.stdout).toContain('Would replay 2 dead letter(s)');
    const replay = await necro(['dlq', 'replay', '--organ', 'FailA', '--backend', backend]);
    expect(replay.stdout).toContain('Replayed 2 dead letter(s)');
    const targets = await pool.query<{ target_group: string }>(`SELECT target_group FROM "${schema}".events WHERE target_group IS NOT NULL`);
    expect(targets.rows).toEqual([{ target_group: 'FailA' }, { target_group: 'FailA' }]);

    const asked = await necro(['dlq', 'purge', '--backend', backend], { stdin: 'n\n' });
    expect(asked.stderr).toContain(`Delete 2 dead letter(s) from ${schema}.dead_letters? [y/N]`);
    expect(asked.stdout).toContain('Nothing deleted');
    const purged = await necro(['dlq', 'purge', '--organ', 'FailB', '--yes', '--backend', backend]);
    expect(purged.stdout).toContain('Deleted 2 dead letter(s) of organ FailB');
    expect(await list()).toEqual([]);
  });

  it('status shows the groups, their ready work and the dead letters; health answers healthy, or exit 1 naming the reason', async () => {
    await deadLetter(1);
    await postgres().enqueue(new Event('BOOM', { n: 1 }));
    const status = await necro(['status', '--json', '--backend', backend]);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { schema: string; groups: { name: string; ready: number }[]; deadLetters: { count: number } };
    expect(report).toMatchObject({ schema, deadLetters: { count: 2 } });
    expect(report.groups).toEqual([expect.objectContaining({ name: 'FailA', ready: 1 }), expect.objectContaining({ name: 'FailB', ready: 1 })]);
    const human = await necro(['status', '--backend', backend]);
    expect(human.stdout).toMatch(/^GROUP +TYPES +READY +IN FLIGHT/m);
    expect(human.stdout).toContain(`Dead letters: 2 (${schema}.dead_letters)`);

    const healthy = await necro(['health', '--backend', backend]);
    expect([healthy.code, healthy.stdout]).toEqual([0, expect.stringMatching(/^healthy: .* 2 group\(s\), 2 dead letter\(s\)/)]);
    const json = await necro(['health', '--json', '--backend', backend]);
    expect(JSON.parse(json.stdout)).toMatchObject({ healthy: true, details: { schema, deadLetters: 2 } });
    const down = await necro(['health', '--backend', 'postgres://root:s3cret@127.0.0.1:1/test', '--timeout', '2000']);
    expect(down.code).toBe(1);
    expect(down.stderr).not.toContain('s3cret');
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateCluster } from '../../backend-redis/test/support/private-cluster';
import { assertBuilt, fixture, killStarted, lines, necro, startWorker, waitFor } from './helpers';

const PASSWORD = 'necro-cluster-pw';

describe('necro on a Redis Cluster (redis+cluster://)', () => {
  const cluster = new PrivateCluster({ password: PASSWORD });
  const dir = mkdtempSync(join(tmpdir(), 'necro-cluster-'));
  let backend: string;
  let stream: string;
  beforeAll(async () => {
    assertBuilt();
    await cluster.start();
    backend = `redis+cluster://:${PASSWORD}@${cluster.nodes.map((n) => `127.0.0.1:${n.port}`).slice(0, 2).join(',')}`;
  }, 60_000);
  afterAll(async () => {
    await cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { stream = `{necrostack-test:${randomUUID()}}:events`; });
  afterEach(async () => {
    await killStarted();
    const keys = await cluster.keys(stream.slice(0, stream.indexOf('}')));
    await Promise.all(keys.map((key) => cluster.send(key, 'UNLINK', key)));
  });

  it('publishes, runs a worker, and shows status, health and dead letters', async () => {
    const record = join(dir, 'handled');
    const conn = ['--backend', backend, '--stream', stream];
    const worker = await startWorker(['--organs', fixture('recorder.organ.js'), ...conn], { env: { NECRO_TEST_RECORD: record } });

    const published = await necro(['publish', 'REC', '{"n":1}', ...conn]);
    expect(published.code).toBe(0);
    await waitFor(() => lines(record).length === 1, 10_000, 'the event handled');
    expect((await worker.stop()).code).toBe(0);

    const status = await necro(['status', '--json', ...conn]);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { streams: { key: string; length: number; groups: { name: string; pending: number }[] }[] };
    expect(report.streams.map((s) => [s.key, s.length])).toEqual([[stream, 1], [`${stream}:retry:Recorder`, 0]]);
    expect(report.streams[0]?.groups.map((g) => [g.name, g.pending])).toEqual([['necrostack:Recorder', 0]]);
    const [health, dlq] = await Promise.all([necro(['health', ...conn]), necro(['dlq', 'list', ...conn])]);
    expect([health.code, dlq.code]).toEqual([0, 0]);
    for (const result of [published, status, health, dlq, await worker.exited]) expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('shows the holder of each partition\'s lease, read from each partition\'s slot', async () => {
    const conn = ['--backend', backend, '--stream', stream, '--partitions', '4'];
    await startWorker(['--organs', fixture('recorder.organ.js'), '--consumer-name', 'owner-1', ...conn]);
    type Report = { ownership: { group: string; members: { name: string }[]; leases: { stream: string; owner: string | null }[] }[] };
    let report: Report | undefined;
    await waitFor(async () => {
      report = JSON.parse((await necro(['status', '--json', ...conn])).stdout) as Report;
      return report.ownership[0]?.leases.every((l) => l.owner === 'owner-1') === true;
    }, 10_000, 'owner-1 to hold every partition');
    const [recorder] = report!.ownership;
    expect(recorder!.group).toBe('necrostack:Recorder');
    expect(recorder!.leases.map((l) => l.stream)).toEqual([0, 1, 2, 3].map((i) => stream.replace('}', `-p${i}}`)));
    expect(recorder!.members.map((m) => m.name)).toEqual(['owner-1']);
  });

  it('uses the hash-tagged stream {necrostack}:events when --stream is not given', async () => {
    const status = await necro(['status', '--json', '--backend', backend]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ deadLetters: { stream: '{necrostack}:events:dlq' } });
  });

  it('refuses a cluster url that is not host:port,host:port, masking its password', async () => {
    const result = await necro(['status', '--backend', `redis+cluster://:${PASSWORD}@127.0.0.1`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid Redis Cluster url');
    expect(result.stderr).not.toContain(PASSWORD);
  });
});

import { writeFileSync } from 'node:fs';
import { RedisBackend } from '@necrostack/backend-redis';
import { silentLogger } from '@necrostack/core';
import type { GroupOwnership, StatusReport } from '../src';
import { errorLine, necro, REDIS_URL, withRedis } from './helpers';
import { useTestSpace } from './test-space';

type Flat = unknown[];

function record(flat: Flat): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

describe('necro status and health', () => {
  const space = useTestSpace();

  it('status --json matches XLEN, XINFO GROUPS and XINFO CONSUMERS', async () => {
    const { stream, dlq } = space;
    const retry = `${stream}:retry:Alpha`;
    const expected = await withRedis(async (redis) => {
      for (let n = 0; n < 5; n++) await redis.xAdd(stream, '*', { event: `{"n":${n}}` });
      await redis.sendCommand(['XGROUP', 'CREATE', stream, 'necrostack:Alpha', '0']);
      await redis.sendCommand(['XGROUP', 'CREATE', stream, 'necrostack:Beta', '$']);
      await redis.sendCommand(['XREADGROUP', 'GROUP', 'necrostack:Alpha', 'c1', 'COUNT', '2', 'STREAMS', stream, '>']);
      await redis.sendCommand(['XREADGROUP', 'GROUP', 'necrostack:Alpha', 'c2', 'COUNT', '1', 'STREAMS', stream, '>']);
      await redis.sendCommand(['XGROUP', 'CREATE', retry, 'necrostack:Alpha', '0', 'MKSTREAM']);
      await redis.xAdd(dlq, '*', { original_id: '1-0', event: '{}', reason: 'x', failed_at: new Date().toISOString() });
      const groups = ((await redis.sendCommand(['XINFO', 'GROUPS', stream])) as Flat[]).map(record);
      const consumers = ((await redis.sendCommand(['XINFO', 'CONSUMERS', stream, 'necrostack:Alpha'])) as Flat[]).map(record);
      return { length: await redis.xLen(stream), groups, consumers };
    });

    const result = await necro(['status', '--json', ...space.conn]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      streams: { key: string; length: number; groups: Record<string, unknown>[] }[];
      deadLetters: { stream: string; length: number };
    };
    expect(report.streams.map((s) => s.key)).toEqual([stream, retry]);
    const [events] = report.streams;
    expect(events!.length).toBe(expected.length);
    const withoutConsumers = events!.groups.map(({ 'consumer-details': _, ...group }) => group);
    expect(withoutConsumers).toEqual(expected.groups);
    const alpha = events!.groups.find((g) => g.name === 'necrostack:Alpha') as { 'consumer-details': Record<string, unknown>[] };
    const stable = (c: Record<string, unknown>) => ({ name: c.name, pending: c.pending });
    expect(alpha['consumer-details'].map(stable)).toEqual(expected.consumers.map(stable));
    expect(typeof alpha['consumer-details'][0]!.idle).toBe('number');
    expect(report.deadLetters).toEqual({ stream: dlq, length: 1 });

    const table = await necro(['status', ...space.conn]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/necrostack:Alpha\s+3\s+2\s+2/); // pending, lag, consumers
    expect(table.stdout).toMatch(/necrostack:Alpha\s+c1\s+2\s/);
    expect(table.stdout).toContain('Dead letters: 1');
  });

  it('status --partitions shows each partition stream of what publish --partitions wrote', async () => {
    const items = Array.from({ length: 30 }, (_, n) => ({ n }));
    const file = space.record('orders.jsonl');
    writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n'));
    expect((await necro(['publish', 'ORDER_PLACED', '--file', file, '--partitions', '3', ...space.conn])).code).toBe(0);

    const result = await necro(['status', '--json', '--partitions', '3', ...space.conn]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { partitions: number; streams: { key: string; length: number }[] };
    expect(report.partitions).toBe(3);
    expect(report.streams.map((s) => s.key)).toEqual([0, 1, 2].map((i) => `{${space.stream}-p${i}}`));
    expect(report.streams.reduce((sum, s) => sum + s.length, 0)).toBe(30);
    expect((await necro(['status', '--partitions', '3', ...space.conn])).stdout).toContain('Partitions: 3');
  });

  it('status --partitions shows who holds each partition\'s lease per group, and the groups\' members', async () => {
    const lease = { claimMinIdleMs: 3_000, claimIntervalMs: 100 };
    const backend = (consumerName: string) => new RedisBackend({ url: REDIS_URL, streamKey: space.stream, partitions: 4, consumerName, logger: silentLogger, ...lease });
    const [worker, gone] = [backend('worker-a'), backend('worker-b')];
    try {
      await gone.subscribe([{ group: 'Beta', eventTypes: ['ORDER_PLACED'] }]);
      await gone.close(); // releases Beta's leases and leaves its member set: no worker reads Beta
      await worker.subscribe([{ group: 'Alpha', eventTypes: ['ORDER_PLACED'] }]); // alone: takes every partition

      const result = await necro(['status', '--json', '--partitions', '4', ...space.conn]);
      expect(result.code).toBe(0);
      const { ownership } = JSON.parse(result.stdout) as StatusReport;
      const holders = (o: GroupOwnership) => o.leases.map((l) => [l.stream, l.owner]);
      const [alpha, beta] = ownership;
      expect(ownership.map((o) => o.group)).toEqual(['necrostack:Alpha', 'necrostack:Beta']);
      expect(holders(alpha!)).toEqual(worker.keys.partitionStreams.map((s) => [s, 'worker-a']));
      expect(alpha!.leases.every((l) => l.ttlMs !== null && l.ttlMs > 0 && l.ttlMs <= lease.claimMinIdleMs)).toBe(true);
      expect(alpha!.members.map((m) => m.name)).toEqual(['worker-a']);
      expect(alpha!.members[0]!.heartbeatAgeMs).toBeGreaterThanOrEqual(0);
      expect(beta).toEqual({ group: 'necrostack:Beta', members: [], leases: worker.keys.partitionStreams.map((stream) => ({ stream, owner: null, ttlMs: null })) });

      const table = (await necro(['status', '--partitions', '4', ...space.conn])).stdout;
      expect(table).toMatch(/OWNER\s+LEASE TTL/);
      expect(table).toMatch(new RegExp(`\\{${space.stream}-p0\\}.*necrostack:Alpha.*worker-a\\s+\\d+(ms|s)`));
      expect(table).toMatch(new RegExp(`\\{${space.stream}-p0\\}.*necrostack:Beta.*\\s-\\s+-`));
      expect(table).toMatch(/necrostack:Alpha\s+worker-a\s+\d+(ms|s)/); // the member, with its heartbeat's age
    } finally {
      await Promise.all([worker.close(), gone.close()]);
    }
  });

  it('health exits 0 when Redis answers, 1 within the timeout when it does not, masking the password', async () => {
    const healthy = await necro(['health', ...space.conn]);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toMatch(/^healthy/);
    const down = await necro(['health', '--backend', 'redis://app:s3cret@127.0.0.1:1', '--timeout', '1000']);
    expect(down.code).toBe(1);
    expect(down.ms).toBeLessThan(5_000);
    expect(down.stderr).toContain('redis://app:****@127.0.0.1:1');
    expect(down.stderr).not.toContain('s3cret');
    const status = await necro(['status', '--backend', 'redis://app:s3cret@127.0.0.1:1', '--timeout', '1000']);
    expect(status.code).toBe(1);
    expect(errorLine(status)).not.toContain('s3cret');
  });
});

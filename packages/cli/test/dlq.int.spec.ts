import { randomUUID } from 'node:crypto';
import { fixture, lines, necro, startWorker, streamLength, waitFor, withRedis } from './helpers';
import { useTestSpace } from './test-space';

const FAILING = fixture('failing.organ.js');

interface ListedLetter {
  id: string;
  organ: string;
  eventId: string;
  error: { message: string };
}

describe('necro dlq', () => {
  const space = useTestSpace();

  /** Runs a worker whose two organs fail every BOOM event, until both dead-lettered `count` events. */
  async function deadLetter(count: number): Promise<void> {
    const worker = await startWorker(['--organs', FAILING, ...space.conn, '--retry-attempts', '1', '--concurrency', '4']);
    await space.publish(Array.from({ length: count }, (_, n) => ({ n })), 'BOOM');
    await waitFor(async () => (await streamLength(space.dlq)) === 2 * count, 10_000, 'the dead letters');
    expect((await worker.stop()).code).toBe(0);
  }

  async function list(...args: string[]): Promise<ListedLetter[]> {
    const result = await necro(['dlq', 'list', '--json', ...args, ...space.conn]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as ListedLetter[];
  }

  const organsLeft = async (): Promise<string[]> => (await list()).map((l) => l.organ).sort();

  it('replay --organ re-delivers exactly that organ\'s dead letters, to that organ only', async () => {
    await deadLetter(3);
    expect(await organsLeft()).toEqual(['FailA', 'FailA', 'FailA', 'FailB', 'FailB', 'FailB']);
    const failA = await list('--organ', 'FailA');
    expect(failA).toHaveLength(3);
    expect(failA[0]?.error.message).toBe('FailA failed on purpose');

    const dry = await necro(['dlq', 'replay', '--organ', 'FailA', '--dry-run', ...space.conn]);
    expect(dry.stdout).toContain('Would replay 3 dead letter(s)');
    expect(await streamLength(space.dlq)).toBe(6);

    const replay = await necro(['dlq', 'replay', '--organ', 'FailA', ...space.conn]);
    expect(replay.stdout).toContain('Replayed 3 dead letter(s)');
    expect(await organsLeft()).toEqual(['FailB', 'FailB', 'FailB']);

    const healed = await startWorker(['--organs', FAILING, ...space.conn], { env: { NECRO_TEST_HEAL: '1', NECRO_TEST_RECORD: space.record('healed') } });
    await waitFor(() => lines(space.record('healed')).length >= 3, 10_000, 'the replayed events');
    expect((await healed.stop()).code).toBe(0);
    expect(lines(space.record('healed')).sort()).toEqual(failA.map((l) => `FailA ${l.eventId}`).sort());
  });

  it('refuses to replay a dead letter whose entry was not valid UTF-8, and says why; --dry-run does not count it', async () => {
    const worker = await startWorker(['--organs', FAILING, ...space.conn, '--retry-attempts', '1'], {
      env: { NECRO_TEST_HEAL: '1', NECRO_TEST_RECORD: space.record('healed') },
    });
    const json = `{"id":"${randomUUID()}","timestamp":"2024-05-01T12:00:00Z","event_type":"BOOM","payload":{"name":"caf`;
    await withRedis((redis) => redis.sendCommand(['XADD', space.stream, '*', 'event', Buffer.concat([Buffer.from(json), Buffer.from([0xe9]), Buffer.from('"}}')])]));
    await waitFor(async () => (await streamLength(space.dlq)) === 2, 10_000, 'the dead letters of FailA and FailB');
    const letters = await list();
    const shown = await necro(['dlq', 'show', letters[0]!.id, ...space.conn]);
    expect(Buffer.from(JSON.parse(shown.stdout).eventBase64, 'base64').subarray(-7).toString('latin1')).toBe('caf\xe9"}}');

    const dry = await necro(['dlq', 'replay', '--all', '--dry-run', ...space.conn]);
    expect(dry.stdout).toContain('Would replay 0 dead letter(s); 2 cannot be replayed and stay');
    for (const letter of letters) expect(dry.stdout).toContain(`${letter.id} (${letter.organ}): its entry is not valid UTF-8`);

    const replay = await necro(['dlq', 'replay', '--all', ...space.conn]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('Replayed 0 dead letter(s); 2 cannot be replayed and stay');
    expect(await streamLength(space.dlq)).toBe(2);
    expect((await worker.stop()).code).toBe(0);
    expect(lines(space.record('healed'))).toEqual([]);
  });

  it('shows one dead letter, and names an unknown id clearly', async () => {
    await deadLetter(1);
    const [letter] = await list('--organ', 'FailB');
    const shown = await necro(['dlq', 'show', letter!.id, ...space.conn]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: letter!.id, organ: 'FailB', eventType: 'BOOM', event: { event_type: 'BOOM', payload: { n: 0 } } });

    const unknown = await necro(['dlq', 'show', '1-1', ...space.conn]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^necro: No dead letter with id '1-1'/);
    const replayUnknown = await necro(['dlq', 'replay', '--id', '1-1', ...space.conn]);
    expect(replayUnknown.code).toBe(1);
    const replayNothing = await necro(['dlq', 'replay', ...space.conn]);
    expect(replayNothing.code).toBe(2);
    expect(replayNothing.stderr).toContain('--organ NAME, --id ID or --all');
  });

  describe('purge', () => {
    it('--organ deletes only that organ\'s dead letters; --dry-run only lists them', async () => {
      await deadLetter(2);
      const dry = await necro(['dlq', 'purge', '--organ', 'FailA', '--dry-run', ...space.conn]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Would delete 2 dead letter(s) of organ FailA');
      expect(dry.stdout.split('\n').filter((row) => /^\d+-\d+ +FailA /.test(row))).toHaveLength(2);
      expect(dry.stdout).not.toContain('FailB');
      expect(await streamLength(space.dlq)).toBe(4);

      const purged = await necro(['dlq', 'purge', '--organ', 'FailA', '--yes', ...space.conn]);
      expect(purged.code).toBe(0);
      expect(purged.stdout).toContain('Deleted 2 dead letter(s) of organ FailA');
      expect(await organsLeft()).toEqual(['FailB', 'FailB']);

      const none = await necro(['dlq', 'purge', '--organ', 'FailA', ...space.conn]);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('No dead letters of organ FailA');
    });

    it('asks first, reading the answer from piped stdin: n keeps, y deletes', async () => {
      await deadLetter(1);
      const declined = await necro(['dlq', 'purge', ...space.conn], { stdin: 'n\n' });
      expect(declined.code).toBe(0);
      expect(declined.stderr).toContain(`Delete 2 dead letter(s) from ${space.dlq}? [y/N]`);
      expect(declined.stdout).toContain('Nothing deleted');
      expect(await streamLength(space.dlq)).toBe(2);

      const onlyB = await necro(['dlq', 'purge', '--organ', 'FailB', ...space.conn], { stdin: 'yes\n' });
      expect(onlyB.code).toBe(0);
      expect(onlyB.stderr).toContain('Delete 1 dead letter(s) of organ FailB');
      expect(await organsLeft()).toEqual(['FailA']);

      const accepted = await necro(['dlq', 'purge', ...space.conn], { stdin: 'y\n' });
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain('Deleted 1 dead letter(s)');
      expect(await streamLength(space.dlq)).toBe(0);
    });

    it('refuses when stdin ends without an answer, unless --yes', async () => {
      await deadLetter(1);
      const [closed, empty] = await Promise.all([
        necro(['dlq', 'purge', ...space.conn]), // stdin is /dev/null
        necro(['dlq', 'purge', ...space.conn], { stdin: '' }),
      ]);
      for (const refused of [closed, empty]) {
        expect(refused.code).toBe(2);
        const errors = refused.stderr.trim().split('\n').filter((line) => line.startsWith('necro: '));
        expect(errors).toEqual([expect.stringContaining('No answer: standard input ended (answer y on stdin, or pass --yes)')]);
      }
      expect(await streamLength(space.dlq)).toBe(2);
      const purged = await necro(['dlq', 'purge', '--yes', ...space.conn]);
      expect(purged.code).toBe(0);
      expect(purged.stdout).toContain('Deleted 2 dead letter(s)');
      expect(await streamLength(space.dlq)).toBe(0);
    });
  });
});

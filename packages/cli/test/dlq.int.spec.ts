import { writeFileSync } from 'node:fs';
import { assertBuilt, killStarted, lines, necro, REDIS_URL, startNecro, testSpace, waitFor, withRedis } from './helpers';

const FAILING = 'packages/cli/test/fixtures/failing.organ.js';

interface ListedLetter {
  id: string;
  organ: string;
  eventId: string;
  error: { message: string };
}

describe('necro dlq', () => {
  let space: ReturnType<typeof testSpace>;
  let conn: string[];
  beforeAll(assertBuilt);
  beforeEach(() => {
    space = testSpace();
    conn = ['--backend', REDIS_URL, '--stream', space.stream];
  });
  afterEach(async () => {
    await killStarted();
    await space?.cleanup();
  });

  const dlqLength = (): Promise<number> => withRedis((redis) => redis.xLen(`${space.stream}:dlq`));

  /** Runs a worker whose two organs fail every BOOM event, until both dead-lettered `count` events. */
  async function deadLetter(count: number): Promise<void> {
    const worker = startNecro(['worker', '--organs', FAILING, ...conn, '--retry-attempts', '1', '--concurrency', '4']);
    await worker.waitForOutput(/Spine started/);
    const file = space.record('boom.jsonl');
    writeFileSync(file, Array.from({ length: count }, (_, n) => `{"n":${n}}`).join('\n'));
    expect((await necro(['publish', 'BOOM', '--file', file, ...conn])).code).toBe(0);
    await waitFor(async () => (await dlqLength()) === 2 * count, 10_000, 'the dead letters');
    worker.child.kill('SIGTERM');
    expect((await worker.waitExit()).code).toBe(0);
  }

  async function list(...args: string[]): Promise<ListedLetter[]> {
    const result = await necro(['dlq', 'list', '--json', ...args, ...conn]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as ListedLetter[];
  }

  it('replay --organ re-delivers exactly that organ\'s dead letters, to that organ only', async () => {
    await deadLetter(3);
    const all = await list();
    expect(all.map((l) => l.organ).sort()).toEqual(['FailA', 'FailA', 'FailA', 'FailB', 'FailB', 'FailB']);
    const failA = await list('--organ', 'FailA');
    expect(failA).toHaveLength(3);
    expect(failA[0]?.error.message).toBe('FailA failed on purpose');

    const dry = await necro(['dlq', 'replay', '--organ', 'FailA', '--dry-run', ...conn]);
    expect(dry.stdout).toContain('Would replay 3 dead letter(s)');
    expect(await dlqLength()).toBe(6);

    const replay = await necro(['dlq', 'replay', '--organ', 'FailA', ...conn]);
    expect(replay.stdout).toContain('Replayed 3 dead letter(s)');
    expect((await list()).map((l) => l.organ)).toEqual(['FailB', 'FailB', 'FailB']);

    const healed = startNecro(['worker', '--organs', FAILING, ...conn], { NECRO_TEST_HEAL: '1', NECRO_TEST_RECORD: space.record('healed') });
    await waitFor(() => lines(space.record('healed')).length >= 3, 10_000, 'the replayed events');
    healed.child.kill('SIGTERM');
    expect((await healed.waitExit()).code).toBe(0);
    expect(lines(space.record('healed')).sort()).toEqual(failA.map((l) => `FailA ${l.eventId}`).sort());
  });

  it('shows one dead letter, and names an unknown id clearly', async () => {
    await deadLetter(1);
    const [letter] = await list('--organ', 'FailB');
    const shown = await necro(['dlq', 'show', letter!.id, ...conn]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: letter!.id, organ: 'FailB', eventType: 'BOOM', event: { event_type: 'BOOM', payload: { n: 0 } } });

    const unknown = await necro(['dlq', 'show', '1-1', ...conn]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^necro: No dead letter with id '1-1'/);
    const replayUnknown = await necro(['dlq', 'replay', '--id', '1-1', ...conn]);
    expect(replayUnknown.code).toBe(1);
    const replayNothing = await necro(['dlq', 'replay', ...conn]);
    expect(replayNothing.code).toBe(2);
    expect(replayNothing.stderr).toContain('--organ NAME, --id ID or --all');
  });

  it('purges only with --yes when there is no terminal', async () => {
    await deadLetter(1);
    const refused = await necro(['dlq', 'purge', ...conn]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(await dlqLength()).toBe(2);
    const purged = await necro(['dlq', 'purge', '--yes', ...conn]);
    expect(purged.code).toBe(0);
    expect(purged.stdout).toContain('Deleted 2 dead letter(s)');
    expect(await dlqLength()).toBe(0);
  });
});

import { writeFileSync } from 'node:fs';
import { assertBuilt, killStarted, lines, necro, REDIS_URL, startNecro, testSpace, waitFor, withRedis, type Necro } from './helpers';

const RECORDER = 'packages/cli/test/fixtures/recorder.organ.js';

describe('necro worker', () => {
  let space: ReturnType<typeof testSpace>;
  beforeAll(assertBuilt);
  beforeEach(() => { space = testSpace(); });
  afterEach(async () => {
    await killStarted();
    await space?.cleanup();
  });

  const worker = (name: string, extra: string[] = [], env: Record<string, string> = {}): Necro =>
    startNecro(['worker', '--organs', RECORDER, '--backend', REDIS_URL, '--stream', space.stream, '--consumer-name', name, ...extra],
      { NECRO_TEST_RECORD: space.record(name), ...env });

  const publishRec = async (count: number): Promise<void> => {
    const file = space.record('events.jsonl');
    writeFileSync(file, Array.from({ length: count }, (_, n) => JSON.stringify({ n })).join('\n'));
    const result = await necro(['publish', 'REC', '--file', file, '--backend', REDIS_URL, '--stream', space.stream]);
    expect(result.stdout).toContain(`Published ${count} event(s)`);
    expect(result.code).toBe(0);
  };

  const streamEventIds = (): Promise<string[]> => withRedis(async (redis) =>
    ((await redis.xRange(space.stream, '-', '+')) ?? []).map((e) => (JSON.parse(String(e?.message.event)) as { id: string }).id));

  it('splits a stream between two workers: every event handled once, none lost', async () => {
    const [w1, w2] = [worker('w1', [], { NECRO_TEST_DELAY_MS: '1' }), worker('w2', [], { NECRO_TEST_DELAY_MS: '1' })];
    await Promise.all([w1.waitForOutput(/Spine started/), w2.waitForOutput(/Spine started/)]);
    await publishRec(1_000);
    await waitFor(() => lines(space.record('w1')).length + lines(space.record('w2')).length >= 1_000, 20_000, '1,000 handled events');
    const [one, two] = [lines(space.record('w1')), lines(space.record('w2'))];
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    const handled = [...one, ...two];
    expect(handled).toHaveLength(1_000);
    expect(new Set(handled)).toEqual(new Set(await streamEventIds()));
    w1.child.kill('SIGTERM');
    w2.child.kill('SIGTERM');
    expect((await w1.waitExit()).code).toBe(0);
    expect((await w2.waitExit()).code).toBe(0);
  });

  it('exits 0 within the deadline on SIGTERM during a burst, and a restarted worker gets the rest', async () => {
    const first = worker('first', ['--concurrency', '4', '--shutdown-timeout', '3000'], { NECRO_TEST_DELAY_MS: '20', NECRO_TEST_RECORD: space.record('handled') });
    await first.waitForOutput(/Spine started/);
    await publishRec(300);
    await waitFor(() => lines(space.record('handled')).length >= 20, 10_000, 'the burst to start');
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const stopped = await first.waitExit(10_000);
    expect(stopped.code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3_000 + 2_000);
    expect(stopped.stdout).toContain('Worker stopped');
    const before = lines(space.record('handled')).length;
    expect(before).toBeLessThan(300);

    const second = worker('second', ['--concurrency', '8'], { NECRO_TEST_DELAY_MS: '1', NECRO_TEST_RECORD: space.record('handled') });
    const all = new Set(await streamEventIds());
    await waitFor(() => new Set(lines(space.record('handled'))).size >= all.size, 15_000, 'every event handled');
    expect(new Set(lines(space.record('handled')))).toEqual(all);
    second.child.kill('SIGTERM');
    expect((await second.waitExit()).code).toBe(0);
  });

  it('exits at once with 143 on a second SIGTERM', async () => {
    const stuck = worker('stuck', ['--shutdown-timeout', '60000'], { NECRO_TEST_DELAY_MS: '60000' });
    await stuck.waitForOutput(/Spine started/);
    await publishRec(1);
    await waitFor(() => withRedis(async (redis) => (await redis.xPending(space.stream, 'necrostack:Recorder')).pending === 1), 10_000, 'the event in flight');
    stuck.child.kill('SIGTERM');
    await stuck.waitForOutput(/Worker stopping/);
    stuck.child.kill('SIGTERM');
    const result = await stuck.waitExit(5_000);
    expect(result.code).toBe(143);
  });
});

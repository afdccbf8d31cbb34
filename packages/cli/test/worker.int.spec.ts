import { existsSync } from 'node:fs';
import { fixture, lines, startNecro, startWorker, streamEvents, waitFor, withRedis, type Necro, type RunOptions } from './helpers';
import { useTestSpace } from './test-space';

const RECORDER = fixture('recorder.organ.js');
const SLOW_START = fixture('slow-start-organs.js');

describe('necro worker', () => {
  const space = useTestSpace();

  /** A worker running the Recorder organ, recording into `record(name)` unless the env says otherwise. */
  const worker = (name: string, extra: string[] = [], env: RunOptions['env'] = {}): Promise<Necro> =>
    startWorker(['--organs', RECORDER, ...space.conn, '--consumer-name', name, ...extra], { env: { NECRO_TEST_RECORD: space.record(name), ...env } });

  const publishRec = async (count: number): Promise<void> => {
    const result = await space.publish(Array.from({ length: count }, (_, n) => ({ n })), 'REC');
    expect(result.stdout).toContain(`Published ${count} event(s)`);
  };

  const streamEventIds = async (): Promise<string[]> => (await streamEvents(space.stream)).map((event) => event.id);

  it('splits a stream between two workers: every event handled once, none lost', async () => {
    const [w1, w2] = await Promise.all([worker('w1', [], { NECRO_TEST_DELAY_MS: '1' }), worker('w2', [], { NECRO_TEST_DELAY_MS: '1' })]);
    await publishRec(1_000);
    await waitFor(() => lines(space.record('w1')).length + lines(space.record('w2')).length >= 1_000, 20_000, '1,000 handled events');
    const [one, two] = [lines(space.record('w1')), lines(space.record('w2'))];
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    const handled = [...one, ...two];
    expect(handled).toHaveLength(1_000);
    expect(new Set(handled)).toEqual(new Set(await streamEventIds()));
    const [stop1, stop2] = await Promise.all([w1.stop(), w2.stop()]);
    expect([stop1.code, stop2.code]).toEqual([0, 0]);
  });

  it('exits 0 within the deadline on SIGTERM during a burst, and a restarted worker gets the rest', async () => {
    const first = await worker('first', ['--concurrency', '4', '--shutdown-timeout', '3000'],
      { NECRO_TEST_DELAY_MS: '20', NECRO_TEST_RECORD: space.record('handled') });
    await publishRec(300);
    await waitFor(() => lines(space.record('handled')).length >= 20, 10_000, 'the burst to start');
    const signalled = Date.now();
    const stopped = await first.stop('SIGTERM', 10_000);
    expect(stopped.code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3_000 + 2_000);
    expect(stopped.stdout).toContain('Worker stopped');
    const before = lines(space.record('handled')).length;
    expect(before).toBeLessThan(300);

    const all = new Set(await streamEventIds()); // before a worker runs retention, which trims handled events
    const second = await worker('second', ['--concurrency', '8'], { NECRO_TEST_DELAY_MS: '1', NECRO_TEST_RECORD: space.record('handled') });
    await waitFor(() => new Set(lines(space.record('handled'))).size >= all.size, 15_000, 'every event handled');
    expect(new Set(lines(space.record('handled')))).toEqual(all);
    expect((await second.stop()).code).toBe(0);
  });

  it('exits 0 on a SIGTERM that comes while it is still starting, having taken nothing', async () => {
    await publishRec(3);
    const starting = startNecro(['worker', '--organs', SLOW_START, ...space.conn], {
      env: { NECRO_TEST_LOADING: space.record('loading'), NECRO_TEST_LOAD_MS: '1000', NECRO_TEST_RECORD: space.record('handled') },
    });
    await waitFor(() => existsSync(space.record('loading')), 10_000, 'the organ modules to be loading');

    const stopped = await starting.stop('SIGTERM', 10_000);

    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(stopped.stdout).toContain('Worker stopped while starting');
    expect(lines(space.record('handled'))).toEqual([]);
    expect(await withRedis((redis) => redis.sendCommand(['XINFO', 'GROUPS', space.stream]))).toEqual([]);
  });

  it('exits at once with 143 on a second SIGTERM', async () => {
    const stuck = await worker('stuck', ['--shutdown-timeout', '60000'], { NECRO_TEST_DELAY_MS: '60000' });
    await publishRec(1);
    await waitFor(() => withRedis(async (redis) => (await redis.xPending(space.stream, 'necrostack:Recorder')).pending === 1), 10_000, 'the event in flight');
    stuck.child.kill('SIGTERM');
    await stuck.waitForOutput(/Worker stopping/);
    expect((await stuck.stop('SIGTERM', 5_000)).code).toBe(143);
  });

  it('logs the ports it bound, so --metrics-port 0 and --health-port 0 can be found', async () => {
    const started = await worker('ports', ['--metrics-port', '0', '--health-port', '0']);
    await started.waitForOutput(/Worker starting/);
    const line = started.stdout.split('\n').find((l) => l.includes('"Worker starting"')) as string;
    const { metrics_port: metrics, health_port: health } = JSON.parse(line) as { metrics_port: number; health_port: number };
    expect(metrics).toBeGreaterThan(0);
    expect(health).toBeGreaterThan(0);
    expect(health).not.toBe(metrics);
    expect((await fetch(`http://127.0.0.1:${metrics}/metrics`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${health}/healthz`)).text()).toBe('ok\n');
    expect((await started.stop()).code).toBe(0);
  });
});

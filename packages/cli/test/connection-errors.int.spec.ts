// Every command that talks to Redis reports a connection failure the same way: at once, with the
// reason and the fix, when retrying cannot help (credentials, host, TLS); after --timeout, naming
// the last error, when it might (a refused connection) — and a worker waits for a Redis that is down.
import { PrivateRedis } from '../../backend-redis/test/support/private-redis';
import { fixture, freePort, lines, necro, startNecro, type Result } from './helpers';
import { useTestSpace } from './test-space';

const RECORDER = fixture('recorder.organ.js');
const PASSWORD = 'cli-right-pw-51';
/** What a command would wait for a connection that may come: failing fast must take far less. */
const TIMEOUT = ['--timeout', '30000'];
/**
 * A fail-fast is a process start plus a few ms; five starting at once on a loaded 2-core machine
 * were seen to take 9 s. Half the --timeout tells "failed at once" from "waited for the timeout".
 */
const FAST_MS = 15_000;

describe('necro and Redis connection failures', () => {
  const space = useTestSpace();
  let redis: PrivateRedis;
  beforeAll(async () => { redis = await new PrivateRedis({ password: PASSWORD }).start(); });
  afterAll(async () => { await redis.destroy(); });

  const commands = (url: string, extra: string[] = []): string[][] => [
    ['publish', 'T', '{}', '--backend', url, '--stream', space.stream, ...extra],
    ['health', '--backend', url, ...extra],
    ['status', '--backend', url, '--stream', space.stream, ...extra],
    ['dlq', 'list', '--backend', url, '--stream', space.stream, ...extra],
  ];
  /** The one stderr line of each failed command (all exited 1), and how long each took. */
  const failures = async (runs: Promise<Result>[]): Promise<{ line: string; ms: number }[]> => (await Promise.all(runs)).map((result) => {
    expect(result.code).toBe(1);
    const all = result.stderr.trim().split('\n');
    return { line: all[all.length - 1] as string, ms: result.ms };
  });

  it('fail every command at once on a wrong password, with the same message', async () => {
    const url = `redis://:wrong-pw-0c@127.0.0.1:${redis.port}`;
    const worker = startNecro(['worker', '--organs', RECORDER, '--backend', url, '--stream', space.stream]);
    const results = await failures([...commands(url, TIMEOUT).map((c) => necro(c)), worker.waitExit()]);
    const expected = `necro: Cannot connect to Redis at redis://:****@127.0.0.1:${redis.port}: Redis refused the user name or password of the url `
      + '(WRONGPASS invalid username-password pair or user is disabled) (Fix the user name and password in the url: ';
    for (const { line, ms } of results) {
      expect(line.startsWith(expected)).toBe(true);
      expect(line).not.toContain('wrong-pw-0c');
      expect(ms).toBeLessThan(FAST_MS);
    }
  });

  it('fail every command at once when a password is needed, or the host is unknown', async () => {
    const noPassword = await failures(commands(`redis://127.0.0.1:${redis.port}`, TIMEOUT).map((c) => necro(c)));
    const unknownHost = await failures(commands('redis://no-such-host.invalid:6379', TIMEOUT).map((c) => necro(c)));
    for (const { line, ms } of noPassword) {
      expect(line).toMatch(/^necro: Cannot connect to Redis at redis:\/\/127\.0\.0\.1:\d+: Redis needs a password, and the url gives none \(NOAUTH Authentication required\) \(Give the password in the url/);
      expect(ms).toBeLessThan(FAST_MS);
    }
    for (const { line, ms } of unknownHost) {
      expect(line).toMatch(/^necro: Cannot connect to Redis at redis:\/\/no-such-host\.invalid:6379: Redis host no-such-host\.invalid was not found \(getaddrinfo ENOTFOUND no-such-host\.invalid\)/);
      expect(ms).toBeLessThan(FAST_MS);
    }
  });

  it('give a refused connection --timeout, in every command, then say so the same way', async () => {
    const port = await freePort();
    const results = await failures(commands(`redis://127.0.0.1:${port}`, ['--timeout', '1500']).map((c) => necro(c)));
    for (const { line, ms } of results) {
      expect(line).toMatch(new RegExp(`^necro: Cannot connect to Redis at redis://127\\.0\\.0\\.1:${port}: Redis is not connected: connect ECONNREFUSED 127\\.0\\.0\\.1:${port} \\(is Redis up, and is --backend right\\? necro waited --timeout 1500 ms\\)$`));
      expect(ms).toBeGreaterThanOrEqual(1_400);
      expect(ms).toBeLessThan(1_500 + FAST_MS);
    }
  });

  it('keep a worker waiting for a Redis that is down, and let it stop cleanly', async () => {
    const worker = startNecro(['worker', '--organs', RECORDER, '--backend', `redis://127.0.0.1:${await freePort()}`, '--stream', space.stream],
      { env: { NECRO_TEST_RECORD: space.record('w') } });
    await worker.waitForOutput(/Redis connection error.*ECONNREFUSED/);
    expect(worker.running).toBe(true);
    const stopped = await worker.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(lines(space.record('w'))).toEqual([]);
  });
});

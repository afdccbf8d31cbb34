import { assertBuilt, killStarted, necro, REDIS_URL, testSpace, withRedis } from './helpers';

const VALIDATED = 'packages/cli/test/fixtures/validated.organ.js';

/** One line on stderr, prefixed `necro: `. */
function oneLine(stderr: string): string {
  const all = stderr.trim().split('\n');
  expect(all).toHaveLength(1);
  expect(all[0]).toMatch(/^necro: /);
  return all[0] as string;
}

describe('necro arguments and errors', () => {
  let space: ReturnType<typeof testSpace>;
  beforeAll(assertBuilt);
  beforeEach(() => { space = testSpace(); });
  afterEach(async () => {
    await killStarted();
    await space?.cleanup();
  });

  it('prints help with examples for every command', async () => {
    const commands = [[], ['worker'], ['publish'], ['dlq'], ['dlq', 'list'], ['dlq', 'show'], ['dlq', 'replay'], ['dlq', 'purge'], ['status'], ['health']];
    const results = await Promise.all(commands.map((c) => necro([...c, '--help'])));
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Examples:');
    }
  });

  it('rejects bad usage with one line and exit code 2', async () => {
    const cases = await Promise.all([
      necro(['bogus']),
      necro(['worker', '--organs', 'x.js', '--concurrency', 'many']),
      necro(['worker']),
      necro(['publish']),
      necro(['publish', 'T', '--backend', 'memory']),
      necro(['status', '--backend', 'ftp://nowhere']),
    ]);
    expect(cases.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(oneLine(cases[0]!.stderr)).toContain("unknown command 'bogus'");
    expect(oneLine(cases[1]!.stderr)).toContain('expected a whole number');
    expect(oneLine(cases[2]!.stderr)).toContain('--organs');
  });

  it('names an unknown organ module, a module without organs, and bad JSON', async () => {
    const [missing, empty, badJson, badLine] = await Promise.all([
      necro(['worker', '--organs', 'packages/cli/test/fixtures/nope.js', '--stream', space.stream]),
      necro(['worker', '--organs', 'packages/cli/test/fixtures/no-organs.js', '--stream', space.stream]),
      necro(['publish', 'T', '{"a":', '--stream', space.stream]),
      necro(['publish', '--file', '-', '--stream', space.stream]),
    ]);
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toContain('Organ module not found');
    expect(empty.code).toBe(1);
    expect(oneLine(empty.stderr)).toContain('declare no @Organ class');
    expect(badJson.code).toBe(1);
    expect(oneLine(badJson.stderr)).toContain('Invalid JSON in the payload');
    expect(badLine.code).toBe(0); // empty stdin: nothing to publish
    expect(badLine.stdout).toContain('Published 0 event(s)');
  });

  it('validates payloads against the DTOs of --organs', async () => {
    const args = ['--organs', VALIDATED, '--backend', REDIS_URL, '--stream', space.stream];
    const invalid = await necro(['publish', 'ORDER_PLACED', '{"orderId":42}', ...args]);
    expect(invalid.code).toBe(1);
    expect(oneLine(invalid.stderr)).toContain('orderId');
    const valid = await necro(['publish', 'ORDER_PLACED', '{"orderId":"A-1"}', ...args]);
    expect(valid.code).toBe(0);
    expect(await withRedis((r) => r.xLen(space.stream))).toBe(1);
  });

  it('reads settings from NECRO_* variables, and a flag wins', async () => {
    const other = `${space.stream}:other`;
    const fromEnv = await necro(['publish', 'T', '{}'], { NECRO_STREAM: other, NECRO_BACKEND: REDIS_URL });
    const fromFlag = await necro(['publish', 'T', '{}', '--stream', space.stream], { NECRO_STREAM: other, NECRO_BACKEND: REDIS_URL });
    expect([fromEnv.code, fromFlag.code]).toEqual([0, 0]);
    expect(await withRedis(async (r) => [await r.xLen(other), await r.xLen(space.stream)])).toEqual([1, 1]);
  });

  it('fails in bounded time on an unreachable Redis, without showing the password', async () => {
    const result = await necro(['dlq', 'list', '--backend', 'redis://app:s3cret@127.0.0.1:1', '--timeout', '1000']);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(5_000);
    expect(oneLine(result.stderr)).not.toContain('s3cret');
  });
});

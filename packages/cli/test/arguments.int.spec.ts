import { errorLine, fixture, necro, REDIS_URL, streamEvents, streamLength } from './helpers';
import { useTestSpace } from './test-space';

const VALIDATED = fixture('validated.organ.js');
const RECORDER = fixture('recorder.organ.js');

describe('necro arguments and errors', () => {
  const space = useTestSpace();

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
      necro(['publish', 'T', '{}', '--organs', 'a.js', 'b.js']),
      necro(['worker', '--organs', 'x.js', '--ordering', 'global']),
    ]);
    expect(cases.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(errorLine(cases[0]!)).toContain("unknown command 'bogus'");
    expect(errorLine(cases[1]!)).toContain('expected a whole number');
    expect(errorLine(cases[2]!)).toContain('--organs');
    expect(errorLine(cases[6]!)).toContain('too many arguments'); // a list of modules is comma-separated
    expect(errorLine(cases[7]!)).toMatch(/--ordering.*global.*per-key, none/);
  });

  it('names an unknown organ module, a module without organs, and bad JSON', async () => {
    const [missing, empty, badJson, badLine] = await Promise.all([
      necro(['worker', '--organs', fixture('nope.js'), '--stream', space.stream]),
      necro(['worker', '--organs', fixture('no-organs.js'), '--stream', space.stream]),
      necro(['publish', 'T', '{"a":', '--stream', space.stream]),
      necro(['publish', '--file', '-', '--stream', space.stream]),
    ]);
    expect(missing.code).toBe(1);
    expect(errorLine(missing)).toContain('Organ module not found');
    expect(empty.code).toBe(1);
    expect(errorLine(empty)).toContain('declare no @Organ class');
    expect(badJson.code).toBe(1);
    expect(errorLine(badJson)).toContain('Invalid JSON in the payload');
    expect(badLine.code).toBe(0); // empty stdin: nothing to publish
    expect(badLine.stdout).toContain('Published 0 event(s)');
  });

  it('validates payloads against the DTOs of --organs, given before or after the type and payload', async () => {
    const publish = (...args: string[]) => necro(['publish', ...args, ...space.conn]);
    const [invalidAfter, invalidBefore, before, after, repeated, listed] = await Promise.all([
      publish('ORDER_PLACED', '{"orderId":42}', '--organs', VALIDATED),
      publish('--organs', VALIDATED, 'ORDER_PLACED', '{"orderId":42}'),
      publish('--organs', VALIDATED, 'ORDER_PLACED', '{"orderId":"A-1"}'),
      publish('ORDER_PLACED', '{"orderId":"A-2"}', '--organs', VALIDATED),
      publish('-o', RECORDER, 'ORDER_PLACED', '-o', VALIDATED, '{"orderId":"A-3"}'),
      publish(`--organs=${RECORDER},${VALIDATED}`, 'ORDER_PLACED', '{"orderId":"A-4"}'),
    ]);
    for (const invalid of [invalidAfter, invalidBefore]) {
      expect(invalid.code).toBe(1);
      expect(errorLine(invalid)).toContain('orderId');
    }
    expect([before, after, repeated, listed].map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect((await streamEvents(space.stream)).map((event) => event.payload.orderId).sort()).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
  });

  it('reads settings from NECRO_* variables, and a flag wins', async () => {
    const other = `${space.stream}:other`;
    const env = { NECRO_STREAM: other, NECRO_BACKEND: REDIS_URL };
    const fromEnv = await necro(['publish', 'T', '{}'], { env });
    const fromFlag = await necro(['publish', 'T', '{}', '--stream', space.stream], { env });
    expect([fromEnv.code, fromFlag.code]).toEqual([0, 0]);
    expect([await streamLength(other), await streamLength(space.stream)]).toEqual([1, 1]);
  });

  it('fails in bounded time on an unreachable Redis, without showing the password', async () => {
    const result = await necro(['dlq', 'list', '--backend', 'redis://app:s3cret@127.0.0.1:1', '--timeout', '1000']);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(5_000);
    expect(errorLine(result)).not.toContain('s3cret');
  });
});

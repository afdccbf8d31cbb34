import { parseCliArgs } from '../src/cli-args';

describe('the command line', () => {
  it('serves the API and the worker in one process on the in-memory backend by default', () => {
    expect(parseCliArgs([])).toEqual({ json: false, demo: false, trace: false, role: 'all', backend: 'memory', port: undefined, stream: undefined });
  });

  it('reads the role, the port and the stream', () => {
    const args = parseCliArgs(['--role', 'api', '--backend', 'redis://127.0.0.1:6379', '--port', '8080', '--stream', 'shop:events']);
    expect(args).toMatchObject({ role: 'api', backend: 'redis://127.0.0.1:6379', port: 8080, stream: 'shop:events' });
  });

  it('runs the demo when --json asks for its summary', () => {
    expect(parseCliArgs(['--json'])).toMatchObject({ json: true, demo: true });
  });

  it('runs the demo when --trace asks for its trace', () => {
    expect(parseCliArgs(['--trace'])).toMatchObject({ trace: true, demo: true });
  });

  it.each([
    [['--role', 'gateway'], /--role must be one of all, api, worker/],
    [['--port', '70000'], /--port must be 0 to 65535/],
    [['--demo', '--role', 'worker'], /--demo posts orders over HTTP/],
    [['--stream', ' '], /--stream must not be empty/],
    [['--file', 'x.json'], /--file is not used/],
    [['--bogus'], /bogus/],
  ])('refuses %j with a one-line message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

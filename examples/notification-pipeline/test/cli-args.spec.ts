import { UsageError, parseCliArgs } from '../src/cli-args';

describe('parseCliArgs', () => {
  it('defaults to the readable report at warn level', () => {
    expect(parseCliArgs([], {})).toEqual({ file: undefined, directoryFile: undefined, backend: 'memory', json: false, help: false, logLevel: 'warn', latencyMs: undefined });
  });

  it('reads --file, --json, --log-level and --latency', () => {
    const args = parseCliArgs(['--file', 'data/x.csv', '--json', '--log-level', 'debug', '--latency', '0'], {});
    expect(args).toMatchObject({ file: 'data/x.csv', json: true, logLevel: 'debug', latencyMs: 0 });
  });

  it('takes the log level from NECRO_LOG_LEVEL when no flag is given', () => {
    expect(parseCliArgs([], { NECRO_LOG_LEVEL: 'ERROR' }).logLevel).toBe('error');
  });

  it('reads --backend, or NECRO_BACKEND when no flag is given', () => {
    expect(parseCliArgs(['--backend', 'redis://127.0.0.1:6379'], {}).backend).toBe('redis://127.0.0.1:6379');
    expect(parseCliArgs([], { NECRO_BACKEND: 'redis://localhost:6379/1' }).backend).toBe('redis://localhost:6379/1');
    expect(parseCliArgs(['--backend', 'memory'], { NECRO_BACKEND: 'redis://localhost:6379' }).backend).toBe('memory');
  });

  it('rejects unknown options and bad values with a UsageError', () => {
    expect(() => parseCliArgs(['--bogus'], {})).toThrow(UsageError);
    expect(() => parseCliArgs(['--log-level', 'loud'], {})).toThrow(/--log-level must be one of error, warn, info, debug/);
    expect(() => parseCliArgs(['--latency=-1'], {})).toThrow(/--latency must be a number/);
    expect(() => parseCliArgs(['--backend', 'kafka://x'], {})).toThrow(UsageError);
    expect(() => parseCliArgs([], { NECRO_BACKEND: 'postgres' })).toThrow(/--backend must be "memory" or a redis:\/\/ URL/);
  });
});

import { UsageError, parseCliArgs } from '../src/cli-args';

describe('parseCliArgs', () => {
  it('defaults to the readable report at warn level', () => {
    expect(parseCliArgs([], {})).toEqual({ file: undefined, directoryFile: undefined, json: false, help: false, logLevel: 'warn', latencyMs: undefined });
  });

  it('reads --file, --json, --log-level and --latency', () => {
    const args = parseCliArgs(['--file', 'data/x.csv', '--json', '--log-level', 'debug', '--latency', '0'], {});
    expect(args).toMatchObject({ file: 'data/x.csv', json: true, logLevel: 'debug', latencyMs: 0 });
  });

  it('takes the log level from NECRO_LOG_LEVEL when no flag is given', () => {
    expect(parseCliArgs([], { NECRO_LOG_LEVEL: 'ERROR' }).logLevel).toBe('error');
  });

  it('rejects unknown options and bad values with a UsageError', () => {
    expect(() => parseCliArgs(['--bogus'], {})).toThrow(UsageError);
    expect(() => parseCliArgs(['--log-level', 'loud'], {})).toThrow(/--log-level must be one of error, warn, info, debug/);
    expect(() => parseCliArgs(['--latency=-1'], {})).toThrow(/--latency must be a number/);
  });
});

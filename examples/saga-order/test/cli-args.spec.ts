import { parseCliArgs } from '../src/cli-args';

describe('the command line', () => {
  it('reads the shared flags and the saga flags', () => {
    expect(parseCliArgs(['--json', '--orders', '5', '--failure-rate', '0.5', '--seed', '9'])).toEqual({
      json: true,
      options: { file: undefined, orders: 5, failureRate: 0.5, backend: 'memory', seed: 9 },
    });
  });

  it('rejects an unknown flag, bad values, and two inputs at once', () => {
    expect(() => parseCliArgs(['--verbose'])).toThrow(/Unknown option '--verbose'/);
    expect(() => parseCliArgs(['--failure-rate', '1.5'])).toThrow('--failure-rate must be a number between 0 and 1, got "1.5"');
    expect(() => parseCliArgs(['--orders', '0'])).toThrow('--orders must be a positive integer, got "0"');
    expect(() => parseCliArgs(['--orders', '3', '--file', 'x.json'])).toThrow(/exclude each other/);
  });
});

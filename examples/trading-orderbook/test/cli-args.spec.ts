import { DEFAULT_STRESS_ORDERS, parseCliArgs } from '../src/cli-args';

describe('the command line', () => {
  it('reads the shared flags and the stress flags', () => {
    expect(parseCliArgs(['--json', '--backend', 'redis://127.0.0.1:6379', '--seed', '7', '--orders', '50'])).toEqual({
      json: true,
      options: { file: undefined, stressOrders: 50, backend: 'redis://127.0.0.1:6379', seed: 7, latencyMs: undefined },
    });
    expect(parseCliArgs(['--stress']).options.stressOrders).toBe(DEFAULT_STRESS_ORDERS);
    expect(parseCliArgs(['--file', 'x.csv', '--latency', '0']).options).toMatchObject({ file: 'x.csv', stressOrders: undefined, latencyMs: 0 });
  });

  it('rejects an unknown flag, a bad count, and two inputs at once', () => {
    expect(() => parseCliArgs(['--verbose'])).toThrow(/Unknown option '--verbose'/);
    expect(() => parseCliArgs(['--orders', 'many'])).toThrow('--orders must be a positive integer, got "many"');
    expect(() => parseCliArgs(['--file', 'a.json', '--stress'])).toThrow(/exclude each other/);
  });
});

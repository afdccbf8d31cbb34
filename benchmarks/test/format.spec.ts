import { commandLine, parseOptions } from '../src/cli/options';
import { clock, compact, fmt, ratio } from '../src/lib/format';
import { render } from '../src/lib/progress';
import { isNumeric, markdownTable, textTable } from '../src/lib/table';

describe('formatting', () => {
  it('formats figures, ratios, axis labels and durations', () => {
    expect(fmt(1234567.891)).toBe('1,234,568');
    expect(fmt(0.3256, 3)).toBe('0.326');
    expect(fmt(NaN)).toBe('–');
    expect(ratio(90, 100)).toBe('0.90×');
    expect(ratio(1065, 100)).toBe('10.7×');
    expect(ratio(0.3, 800)).toBe('0.00038×');
    expect(ratio(1, 0)).toBe('–');
    expect(compact(1_500_000)).toBe('1.5M');
    expect(compact(20_000)).toBe('20k');
    expect(compact(0.001)).toBe('0.001');
    expect(clock(125)).toBe('2:05');
  });

  it('aligns text left and figures right', () => {
    const rows = [['scenario', 'events/s'], ['NecroStack', '1,000'], ['BullMQ', '10']];
    expect(textTable(rows).split('\n')).toEqual(['scenario    events/s', '----------  --------', 'NecroStack     1,000', 'BullMQ            10']);
    expect(isNumeric(rows, 0)).toBe(false);
    expect(markdownTable(rows).split('\n')[1]).toBe('|:---|---:|');
    expect(markdownTable([['a'], ['x|y']])).toContain('x\\|y');
  });

  it('draws a progress line with the step count', () => {
    expect(render(6, 24, 65, ['Redis', 'round 2/3', 'BullMQ'])).toBe('[######------------------] 6/24 1:05  Redis · round 2/3 · BullMQ');
  });
});

describe('options', () => {
  it('defaults to a quick run of everything', () => {
    expect(parseOptions([])).toEqual({ mode: 'quick', only: null, note: null, profile: true, report: true, rounds: null, help: false });
  });

  it('reads --full, --only, --rounds, --note and the switches', () => {
    const options = parseOptions(['--full', '--only', 'memory, latency', '--rounds', '2', '--note', 'shared box', '--no-profile', '--no-report']);
    expect(options).toMatchObject({ mode: 'full', only: ['memory', 'latency'], rounds: 2, note: 'shared box', profile: false, report: false });
  });

  it('refuses an unknown flag or a bad round count', () => {
    expect(() => parseOptions(['--fast'])).toThrow('unknown option --fast');
    expect(() => parseOptions(['--rounds', '0'])).toThrow('positive integer');
    expect(() => parseOptions(['--only'])).toThrow('needs a value');
  });

  it('prints the command that reproduces the run', () => {
    expect(commandLine([])).toBe('npm run bench');
    expect(commandLine(['--full', '--note', "it's shared"])).toBe("npm run bench -- --full --note 'it'\\''s shared'");
  });
});

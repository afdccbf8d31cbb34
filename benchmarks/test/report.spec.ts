import { groupChart } from '../src/report/charts';
import { renderMarkdown } from '../src/report/markdown';
import { resultsFileName } from '../src/report/results-file';
import { barChart } from '../src/report/svg';
import { baselineRow, groupTable } from '../src/lib/table';
import { evaluateTargets } from '../src/targets/targets';
import { GROUPS, RESULTS } from './fixtures/results';
import { assertWellFormed } from './xml';

const charts = new Map([['throughput-memory', 'throughput-memory.svg'], ['latency', 'latency.svg']]);
const markdown = renderMarkdown(RESULTS, { resultsPath: 'benchmarks/results/2026-11-27.json', chartsDir: 'benchmarks', charts });

describe('group tables', () => {
  it('shows median (min–max) and ratios to the baseline row', () => {
    const [header, necrostack, nest] = groupTable(GROUPS[0]!);
    expect(header).toEqual(['scenario', 'handler calls/s', '× bare loop']);
    expect(necrostack).toEqual(['NecroStack, concurrency 1 (default)', '600,000 (550,000–640,000)', '0.50×']);
    expect(nest![2]).toBe('0.17×');
  });

  it('divides by the baseline of the same subgroup', () => {
    const latency = GROUPS.find((g) => g.id === 'latency')!;
    const rows = groupTable(latency);
    expect(rows[0]).toEqual(['rate', 'scenario', 'p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'max (ms)', 'p99 × BullMQ']);
    expect(rows[1]![6]).toBe('0.10×');
    expect(rows[3]![6]).toBe('0.0050×');
    expect(baselineRow(latency, latency.rows[2]!, 'bullmq')?.subgroup).toBe('20,000/s');
  });
});

describe('docs/benchmarks.md', () => {
  it('describes the machine, the command and the note', () => {
    expect(markdown).toContain('2 cores (AMD EPYC), 23.5 GiB memory, Linux 6.18');
    expect(markdown).toContain('| Node.js | v20.20.2 |');
    expect(markdown).toContain('7.0.15, local (127.0.0.1)');
    expect(markdown).toContain('`npm run bench` (quick run, 2:31)');
    expect(markdown).toContain('> **Note:** Shared 2-core machine: figures are noisy.');
    expect(markdown).toContain('1.50 at the start, 2.25 at the end');
  });

  it('elides the note from the command, since it is printed above', () => {
    const noted = { ...RESULTS, command: "npm run bench -- --note 'Shared 2-core machine: figures are noisy.'" };
    expect(renderMarkdown(noted, { resultsPath: 'r.json', chartsDir: 'benchmarks', charts })).toContain('`npm run bench -- --note "<the note above>"`');
  });

  it('has a section per group with its chart and its table', () => {
    expect(markdown).toContain('## In memory');
    expect(markdown).toContain('## Redis');
    expect(markdown).toContain('![In memory: handler calls per second](benchmarks/throughput-memory.svg)');
    expect(markdown).toContain('| NecroStack, single stream, 1 worker process | 90,000 (85,000–95,000) | 0.90× | 9.00× |');
    expect(markdown).toContain('DTO & <validation>.');
    expect(markdown).toContain('**This group failed:** `boom: Redis went away`');
  });

  it('computes the targets from the figures', () => {
    const targets = evaluateTargets(RESULTS);
    const status = Object.fromEntries(targets.map((t) => [t.id, t.status]));
    expect(status).toEqual({
      'core-chain': 'met', 'perf-chain': 'not met', 'perf-chain-cqrs': 'not met', 'core-dto': 'not met', 'perf-dto-chain': 'not measured', 'perf-dto-bare': 'not measured',
      'core-latency': 'met', 'core-memory': 'not met', 'redis-bare': 'met', 'redis-bullmq': 'met', 'redis-p50': 'met', 'redis-p99': 'met',
      'perf-redis-bare': 'not met', 'perf-redis-bullmq': 'met', 'perf-redis-dto': 'not measured', 'perf-redis-two-workers': 'not measured',
      'perf-redis-p99': 'not measured',
    });
    expect(markdown).toContain('| core | In memory, PING → Relay → PONG → Sink with default options: ≥ 500,000 handler calls/s | 600,000 handler calls/s (550,000–640,000) | ✅ met |');
    expect(markdown).toContain('0.67× bare validation (100,000 vs 150,000) | ❌ not met |');
    expect(evaluateTargets({ groups: [] }).every((t) => t.status === 'not measured')).toBe(true);
  });

  it('summarises the profiles and links them from unmet targets', () => {
    expect(markdown).toContain('## Where the time goes');
    expect(markdown).toContain('### In-memory chain: bench process');
    expect(markdown).toContain('| @necrostack/core | 61.5% |');
    expect(markdown).toContain('| `dispatch` | `packages/core/dist/spine/spine.js:10` | @necrostack/core | 12.5% |');
  });

  it('names the results file of complete and partial runs', () => {
    expect(resultsFileName(RESULTS)).toBe('2026-11-27.json');
    expect(resultsFileName({ ...RESULTS, only: ['memory', 'cost'] })).toBe('2026-11-27-memory+cost.json');
  });
});

describe('charts of groups', () => {
  it('draws bars, percentile groups and nothing for a group without a chart', () => {
    const bars = groupChart(GROUPS[0]!)!;
    expect(bars.categories.map((c) => c.highlight)).toEqual([true, false, false]);
    expect(bars.subtitle).toBe('handler calls/s, median of 3 runs; whiskers: min–max');
    const latency = groupChart(GROUPS.find((g) => g.id === 'latency')!)!;
    expect(latency.series).toEqual(['p50', 'p90', 'p99', 'max']);
    expect(latency.categories[0]!.label).toBe('NecroStack, single stream · 5,000/s');
    assertWellFormed(barChart(latency));
    expect(groupChart(GROUPS[1]!)).toBeUndefined();
  });
});

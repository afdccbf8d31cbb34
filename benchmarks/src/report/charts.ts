import type { GroupResult, Metric, Row } from '../model/results';
import { barChart, type BarCategory, type BarChart } from './svg';

/** The chart of a group as its `chart` field asks, or undefined when it has none or no rows. */
export function groupChart(group: GroupResult): BarChart | undefined {
  const chart = group.chart;
  if (!chart || group.rows.length === 0) return undefined;
  const metric = (key: string): Metric => group.metrics.find((m) => m.key === key) ?? { key, label: key, unit: '', digits: 0, better: 'higher' };
  const runs = roundsOf(group);
  const whiskers = runs > 1 ? `median of ${runs} runs; whiskers: min–max` : 'one run';
  if (chart.kind === 'bars') {
    const m = metric(chart.metric);
    return {
      title: group.title,
      subtitle: `${m.label}${m.unit ? ` (${m.unit})` : ''}, ${whiskers}`,
      unit: m.unit && m.unit !== '%' ? ` ${m.unit}` : '',
      digits: m.digits,
      series: [m.label],
      categories: group.rows.map((row) => ({ label: rowLabel(row), values: [row.values[m.key]], highlight: isOurs(row) })),
    };
  }
  if (chart.kind === 'metrics') {
    const metrics = chart.metrics.map(metric);
    const unit = metrics[0]?.unit ?? '';
    return {
      title: group.title,
      subtitle: `${unit ? `${unit}, ` : ''}${whiskers}`,
      unit: unit ? ` ${unit}` : '',
      digits: metrics[0]?.digits ?? 0,
      series: metrics.map((m) => m.label),
      categories: group.rows.map((row) => ({ label: rowLabel(row), values: metrics.map((m) => row.values[m.key]), highlight: isOurs(row) })),
    };
  }
  const m = metric(chart.metric);
  const series = unique(group.rows.map((row) => row.label));
  const categories: BarCategory[] = unique(group.rows.map((row) => row.subgroup ?? '')).map((subgroup) => ({
    label: subgroup,
    values: series.map((label) => group.rows.find((r) => r.subgroup === subgroup && r.label === label)?.values[m.key]),
    highlight: subgroup.startsWith('NecroStack'),
  }));
  return {
    title: group.title,
    subtitle: `${m.label}${m.unit ? ` (${m.unit})` : ''}, ${whiskers}`,
    unit: '',
    digits: m.digits,
    series,
    categories,
  };
}

/** The SVG of a group's chart, with its file name under docs/benchmarks/. */
export function groupSvg(group: GroupResult): { file: string; svg: string } | undefined {
  const chart = groupChart(group);
  return chart && group.chart ? { file: group.chart.file, svg: barChart(chart) } : undefined;
}

function rowLabel(row: Row): string {
  return row.subgroup ? `${row.label} · ${row.subgroup}` : row.label;
}

function isOurs(row: Row): boolean {
  return row.key.startsWith('necrostack');
}

function roundsOf(group: GroupResult): number {
  return Math.max(0, ...group.rows.flatMap((row) => Object.values(row.samples).map((s) => s.length)));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

import type { GroupResult, Row, Spread } from '../model/results';
import { fmt, ratio } from './format';

/** The cells of a group's table, header first: subgroup, scenario, one column per metric, one per ratio. */
export function groupTable(group: GroupResult): string[][] {
  const withSubgroups = group.rows.some((row) => row.subgroup !== undefined);
  const header = [
    ...(withSubgroups ? [group.subgroupLabel ?? ''] : []),
    'scenario',
    ...group.metrics.map((m) => (m.unit ? `${m.label} (${m.unit})` : m.label)),
    ...group.ratios.map((r) => r.label),
  ];
  const body = group.rows.map((row) => [
    ...(withSubgroups ? [row.subgroup ?? ''] : []),
    row.note ? `${row.label} (${row.note})` : row.label,
    ...group.metrics.map((m) => cell(row.values[m.key], m.digits)),
    ...group.ratios.map((r) => {
      const base = baselineRow(group, row, r.baseline);
      return ratio(row.values[r.metric]?.median ?? NaN, base?.values[r.metric]?.median ?? NaN);
    }),
  ]);
  return [header, ...body];
}

/** The row a ratio of `row` divides by: the row of key `baseline` in the same subgroup. */
export function baselineRow(group: GroupResult, row: Row, baseline: string): Row | undefined {
  return group.rows.find((r) => r.key === baseline && r.subgroup === row.subgroup);
}

/** `median (min–max)`, or the median alone when the rounds agree or there was one. */
export function cell(value: Spread | undefined, digits: number): string {
  if (!value) return '–';
  const median = fmt(value.median, digits);
  const [min, max] = [fmt(value.min, digits), fmt(value.max, digits)];
  return min === max ? median : `${median} (${min}–${max})`;
}

/** True for a column of figures (right-aligned): every body cell starts like a number, or is a dash. */
export function isNumeric(rows: readonly (readonly string[])[], col: number): boolean {
  return rows.slice(1).every((row) => /^([-–<]|\d)/.test(row[col] ?? '–'));
}

/** An aligned plain-text table: figures right-aligned, text left-aligned. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => width(row[col] ?? ''))));
  const numeric = rows[0]!.map((_, col) => isNumeric(rows, col));
  const lines: string[] = [];
  for (const [i, row] of rows.entries()) {
    lines.push(row.map((c, col) => pad(c, widths[col]!, numeric[col] ? 'start' : 'end')).join('  ').trimEnd());
    if (i === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  return lines.join('\n');
}

/** A GitHub-flavoured markdown table: figures right-aligned, text left-aligned. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const escape = (c: string) => c.replace(/\|/g, '\\|');
  const [header, ...body] = rows;
  return [
    `| ${header!.map(escape).join(' | ')} |`,
    `|${header!.map((_, col) => (isNumeric(rows, col) ? '---:' : ':---')).join('|')}|`,
    ...body.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

// Code points, so that ×, – and µ count as one column.
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return side === 'start' ? fill + text : text + fill;
}

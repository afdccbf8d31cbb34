import type { ColumnStats, SourceRow } from './events';

// A decimal number as the original's float() reads one, less its NaN and infinities (not JSON).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number `text` spells, or undefined when it is not a plain decimal number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Statistics of every column that holds at least one number, in header order. Values that are not
 * numbers are skipped (as the original does), so a column of names has no entry and a mixed
 * column is summarised over its numbers (see `count`).
 */
export function numericStats(headers: readonly string[], rows: readonly SourceRow[]): Record<string, ColumnStats> {
  const stats: Record<string, ColumnStats> = {};
  for (const header of headers) {
    const values = rows.map((row) => parseNumber(row.values[header] ?? '')).filter((n): n is number => n !== undefined);
    if (values.length === 0) continue;
    const sum = values.reduce((total, n) => total + n, 0);
    const min = values.reduce((a, b) => Math.min(a, b));
    const max = values.reduce((a, b) => Math.max(a, b));
    stats[header] = { min, max, avg: sum / values.length, sum, count: values.length };
  }
  return stats;
}

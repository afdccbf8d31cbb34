import type { EtlSummary } from './summary';

/** The readable report of a run, laid out like the original's ExportSummary output. */
export function formatSummary(summary: EtlSummary): string {
  return [
    "📊 Starting ETL Pipeline... 📊",
    '',
    `=== ETL Summary for '${summary.source}' ===`,
    `Total rows processed: ${summary.rowsProcessed}`,
    `Columns: ${summary.columns.join(', ')}`,
    ...removed(summary),
    ...statistics(summary),
    '',
    `Events: ${summary.events.processed} processed by organs, ${summary.events.emitted} emitted by them, ` +
      `${summary.events.deadLettered} dead-lettered`,
    '',
  ].join('\n');
}

function removed(summary: EtlSummary): string[] {
  const { count, rows } = summary.rowsRemoved;
  return [
    `Rows removed: ${count} of ${summary.rowsRead}`,
    ...rows.map((row) => `  line ${row.line}: ${row.reason} (${Object.values(row.values).join(',')})`),
  ];
}

function statistics(summary: EtlSummary): string[] {
  const entries = Object.entries(summary.numericStats);
  if (entries.length === 0) return [];
  return [
    '',
    'Numeric Statistics:',
    ...entries.map(([column, s]) =>
      `  ${column}: min=${s.min.toFixed(2)}, max=${s.max.toFixed(2)}, avg=${s.avg.toFixed(2)}, sum=${s.sum.toFixed(2)}`),
  ];
}

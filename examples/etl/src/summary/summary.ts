import type { SpineStats } from '@necrostack/core';
import type { ColumnStats, DataTransformed } from '../events';

/** A row the cleaning step removed. */
export interface RemovedRowSummary {
  /** The line of the file the row starts on (the header is line 1). */
  readonly line: number;
  readonly reason: string;
  /** The row as read, by column. */
  readonly values: Readonly<Record<string, string>>;
}

/** The result of a run: what `--json` prints, and what the readable report is made from. */
export interface EtlSummary {
  /** The name the data is reported under (the file's base name). */
  readonly source: string;
  readonly file: string;
  readonly columns: readonly string[];
  /** Data rows in the file (the header not included). */
  readonly rowsRead: number;
  /** Rows that survived cleaning and were summarised. */
  readonly rowsProcessed: number;
  readonly rowsRemoved: { readonly count: number; readonly rows: readonly RemovedRowSummary[] };
  /** Per numeric column, over the rows processed. */
  readonly numericStats: Readonly<Record<string, ColumnStats>>;
  /** The framework's side: deliveries settled, events the organs emitted, dead letters. */
  readonly events: { readonly processed: number; readonly emitted: number; readonly deadLettered: number };
}

/** The summary of a finished run, from the DATA_TRANSFORMED payload and the Spine's counters. */
export function buildSummary(file: string, data: DataTransformed, stats: SpineStats): EtlSummary {
  return {
    source: data.source_name,
    file,
    columns: [...data.headers],
    rowsRead: data.rows_read,
    rowsProcessed: data.row_count,
    rowsRemoved: {
      count: data.removed_count,
      rows: data.removed.map(({ line, reason, values }) => ({ line, reason, values })),
    },
    numericStats: data.numeric_stats,
    events: { processed: stats.eventsProcessed, emitted: stats.eventsEmitted, deadLettered: stats.eventsDeadLettered },
  };
}

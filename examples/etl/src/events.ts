/**
 * The ETL pipeline's event types, in flow order, and their payloads. Payload keys are snake_case,
 * as in the original Python NecroStack's wire format.
 */
export const ETL_START = 'ETL_START';
export const RAW_DATA_LOADED = 'RAW_DATA_LOADED';
export const DATA_CLEANED = 'DATA_CLEANED';
export const DATA_TRANSFORMED = 'DATA_TRANSFORMED';
/** The input could not be read as CSV: the run ends here, with the reason. */
export const ETL_FAILED = 'ETL_FAILED';

/** One CSV row: the line it starts on, and its values by column name. */
export interface SourceRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** A row CleanData dropped, and why. */
export interface RemovedRow extends SourceRow {
  readonly reason: string;
}

/** min/max/avg/sum of the values of one column that read as numbers. */
export interface ColumnStats {
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly sum: number;
  /** How many of the column's values are numbers. */
  readonly count: number;
}

/** RAW_DATA_LOADED: the file, parsed; every value trimmed. */
export interface RawDataLoaded {
  readonly source_name: string;
  readonly headers: readonly string[];
  readonly records: readonly SourceRow[];
  readonly row_count: number;
}

/** DATA_CLEANED: the rows kept (values lowercased) and the rows removed, with their reasons. */
export interface DataCleaned {
  readonly source_name: string;
  readonly headers: readonly string[];
  readonly records: readonly SourceRow[];
  readonly row_count: number;
  readonly rows_read: number;
  readonly removed: readonly RemovedRow[];
  readonly removed_count: number;
}

/** DATA_TRANSFORMED: the cleaned data and the statistics of every numeric column. */
export interface DataTransformed extends DataCleaned {
  readonly numeric_stats: Readonly<Record<string, ColumnStats>>;
}

/** ETL_FAILED: why the input could not be loaded. */
export interface EtlFailed {
  readonly source_name: string;
  readonly reason: string;
}

import { Event, EventValidationError, ListensTo, Organ } from '@necrostack/core';
import { CsvParseError, parseCsv } from '@necrostack/example-support';
import { EtlStartDto } from '../etl-start.dto';
import { ETL_FAILED, ETL_START, RAW_DATA_LOADED, type EtlFailed, type RawDataLoaded, type SourceRow } from '../events';

/**
 * Extract: parses the CSV text of ETL_START into rows keyed by the header's names, every value
 * trimmed (as the original does). Input that no retry can fix — malformed CSV, or more rows than
 * one event may carry — is not thrown: it ends the run with ETL_FAILED and the reason.
 */
@Organ({ name: 'ExtractCSV' })
@ListensTo(ETL_START, { payload: EtlStartDto })
export class ExtractCSV {
  handle(event: Event<EtlStartDto>): Event<RawDataLoaded> | Event<EtlFailed> {
    const { csv_data: text, source_name } = event.payload;
    const failed = (reason: string) => new Event<EtlFailed>(ETL_FAILED, { source_name, reason });
    let records: SourceRow[];
    let headers: string[];
    try {
      const table = parseCsv(text);
      headers = table.header.map((name) => name.trim());
      records = table.rows.map((row) => ({
        line: row.line,
        values: Object.fromEntries(headers.map((name, i) => [name, (row.fields[i] ?? '').trim()])),
      }));
    } catch (error) {
      if (!(error instanceof CsvParseError)) throw error;
      return failed(`not valid CSV: ${error.message}`);
    }
    try {
      return new Event<RawDataLoaded>(RAW_DATA_LOADED, { source_name, headers, records, row_count: records.length });
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      return failed(`${records.length} rows are too many for one ${RAW_DATA_LOADED} event (${error.message})`);
    }
  }
}

import { Event, ListensTo, Organ } from '@necrostack/core';
import { DATA_CLEANED, RAW_DATA_LOADED, type DataCleaned, type RawDataLoaded, type RemovedRow, type SourceRow } from '../events';

/**
 * Clean, as the original does: a row with an empty value is removed (here with the reason: which
 * columns were empty); the values of the rows kept are lowercased.
 */
@Organ()
@ListensTo(RAW_DATA_LOADED)
export class CleanData {
  handle(event: Event<RawDataLoaded>): Event<DataCleaned> {
    const { source_name, headers, records: rows } = event.payload;
    const kept: SourceRow[] = [];
    const removed: RemovedRow[] = [];
    for (const row of rows) {
      const empty = headers.filter((name) => (row.values[name] ?? '') === '');
      if (empty.length > 0) {
        removed.push({ ...row, reason: `empty ${empty.join(', ')}` });
        continue;
      }
      const values = Object.fromEntries(Object.entries(row.values).map(([name, value]) => [name, value.toLowerCase()]));
      kept.push({ line: row.line, values });
    }
    return new Event<DataCleaned>(DATA_CLEANED, {
      source_name, headers, records: kept, row_count: kept.length, rows_read: rows.length, removed, removed_count: removed.length,
    });
  }
}

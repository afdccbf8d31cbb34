import { Event, ListensTo, Organ } from '@necrostack/core';
import { DATA_CLEANED, DATA_TRANSFORMED, type DataCleaned, type DataTransformed } from '../events';
import { numericStats } from '../numeric-stats';

/** Transform: adds min/max/avg/sum of every numeric column to the cleaned data. */
@Organ()
@ListensTo(DATA_CLEANED)
export class TransformData {
  handle(event: Event<DataCleaned>): Event<DataTransformed> {
    const cleaned = event.payload;
    return new Event<DataTransformed>(DATA_TRANSFORMED, {
      ...cleaned,
      numeric_stats: numericStats(cleaned.headers, cleaned.records),
    });
  }
}

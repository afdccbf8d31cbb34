import type { RawEntry } from '@necrostack/backend-redis';

/** The fields of a dead-letter entry that the dashboard counts and filters by, read without decoding the event. */
export interface DeadLetterLabels {
  readonly organ: string;
  readonly errorClass: string;
}

/** The label of dead letters that name no organ (events that failed before any organ ran). */
export const NO_ORGAN = '(none)';

/** Reads `organ` and `error_class` from an entry's flat field list. */
export function labelsOf(fields: RawEntry[1]): DeadLetterLabels {
  let organ = '';
  let errorClass = '';
  for (let i = 0; fields && i + 1 < fields.length; i += 2) {
    if (fields[i] === 'organ') organ = fields[i + 1] as string;
    else if (fields[i] === 'error_class') errorClass = fields[i + 1] as string;
  }
  return { organ: organ || NO_ORGAN, errorClass: errorClass || 'Error' };
}

/** The time an entry id was written (its milliseconds part). */
export function idTime(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

import type { Row } from '../model/results';
import { spread } from './stats';

/**
 * `row` with one more metric, `as`: `metric` of `row` over `metric` of `baseline`, round by round
 * (the two ran in the same round, so under the same load), as a median with its min–max. `row`
 * unchanged when there is no baseline.
 *
 * @example
 * withRoundRatio(threeWorkers, oneWorker, 'events', 'perWorker') // samples.perWorker: [2.1, 1.9, 2.0]
 */
export function withRoundRatio(row: Row, baseline: Row | undefined, metric: string, as: string): Row {
  if (baseline === undefined) return row;
  const [values, bases] = [row.samples[metric] ?? [], baseline.samples[metric] ?? []];
  const ratios = values.map((value, round) => value / (bases[round] ?? NaN));
  return { ...row, values: { ...row.values, [as]: spread(ratios) }, samples: { ...row.samples, [as]: ratios } };
}

import type { Row } from '../model/results';
import { spread } from '../lib/stats';
import type { RunContext } from './group';

/** One contender of a group: `run` measures once and gives a value per metric key. */
export interface Contender {
  readonly key: string;
  readonly label: string;
  readonly subgroup?: string;
  run(): Promise<Readonly<Record<string, number>>>;
}

/**
 * Runs every contender once to warm up (JIT, pools, connections; not recorded), then `rounds` times
 * in alternation, so that a noisy neighbour hurts all of them alike, and keeps every value.
 * Reports `contenders × (rounds + 1)` progress steps (`rounds` when `warmUp` is false).
 */
export async function alternate(
  context: RunContext, group: string, contenders: readonly Contender[], rounds: number, warmUp = true,
): Promise<Row[]> {
  const samples = contenders.map(() => new Map<string, number[]>());
  if (warmUp) {
    for (const contender of contenders) {
      context.progress.step(group, 'warm-up', contender.label);
      await contender.run();
    }
  }
  for (let round = 1; round <= rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      context.progress.step(group, `round ${round}/${rounds}`, contender.label);
      const values = await contender.run();
      for (const [metric, value] of Object.entries(values)) {
        const list = samples[i]!.get(metric) ?? [];
        list.push(value);
        samples[i]!.set(metric, list);
      }
    }
  }
  return contenders.map((contender, i) => toRow(contender, samples[i]!));
}

export function toRow(contender: Pick<Contender, 'key' | 'label' | 'subgroup'>, samples: ReadonlyMap<string, number[]>, note?: string): Row {
  const values: Record<string, ReturnType<typeof spread>> = {};
  for (const [metric, list] of samples) values[metric] = spread(list);
  return {
    key: contender.key,
    label: contender.label,
    ...(contender.subgroup === undefined ? {} : { subgroup: contender.subgroup }),
    values,
    samples: Object.fromEntries(samples),
    ...(note ? { note } : {}),
  };
}

import { parseExampleArgs } from '@necrostack/example-support';
import type { SagaOptions } from './saga';

/** The example's own flags, beyond the shared `--file --json --backend --seed`. */
const FLAGS = { orders: 'string', 'failure-rate': 'string' } as const;

/** The command line, parsed. */
export interface CliArgs {
  readonly json: boolean;
  readonly options: SagaOptions;
}

/**
 * Reads `[--file F | --orders N] [--failure-rate R] [--json] [--backend memory|redis://…] [--seed N]`.
 * @throws Error with a one-line message on an unknown flag or a bad value.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args = parseExampleArgs(argv, FLAGS);
  const { orders, 'failure-rate': rate } = args.extra as { orders?: string; 'failure-rate'?: string };
  if (orders !== undefined && args.file !== undefined) throw new Error('--file and --orders exclude each other: pick one input');
  return {
    json: args.json,
    options: {
      file: args.file,
      orders: orders === undefined ? undefined : count(orders),
      failureRate: rate === undefined ? undefined : share(rate),
      backend: args.backend,
      seed: args.seed,
    },
  };
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--orders must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function share(value: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !(rate >= 0 && rate <= 1)) throw new Error(`--failure-rate must be a number between 0 and 1, got ${JSON.stringify(value)}`);
  return rate;
}

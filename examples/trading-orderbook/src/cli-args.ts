import { parseExampleArgs } from '@necrostack/example-support';
import type { OrderBookOptions } from './orderbook';

/** The example's own flags, beyond the shared `--file --json --backend --seed`. */
const FLAGS = { stress: 'boolean', orders: 'string', latency: 'string' } as const;
/** Orders of a stress run when `--orders` is not given, as in the original. */
export const DEFAULT_STRESS_ORDERS = 500;

/** The command line, parsed. */
export interface CliArgs {
  readonly json: boolean;
  readonly options: OrderBookOptions;
}

/**
 * Reads `[--file F | --stress [--orders N]] [--json] [--backend memory|redis://…] [--seed N] [--latency MS]`.
 * `--orders N` alone implies `--stress`.
 * @throws Error with a one-line message on an unknown flag or a bad value.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args = parseExampleArgs(argv, FLAGS);
  const { stress, orders, latency } = args.extra as { stress?: boolean; orders?: string; latency?: string };
  const stressRun = stress === true || orders !== undefined;
  if (stressRun && args.file !== undefined) throw new Error('--file and --stress/--orders exclude each other: pick one input');
  return {
    json: args.json,
    options: {
      file: args.file,
      stressOrders: stressRun ? count('--orders', orders ?? String(DEFAULT_STRESS_ORDERS)) : undefined,
      backend: args.backend,
      seed: args.seed,
      latencyMs: latency === undefined ? undefined : milliseconds('--latency', latency),
    },
  };
}

function count(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function milliseconds(flag: string, value: string): number {
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`${flag} must be a number of ms ≥ 0, got ${JSON.stringify(value)}`);
  return ms;
}

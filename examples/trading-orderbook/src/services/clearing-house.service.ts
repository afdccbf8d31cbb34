import { setTimeout as sleep } from 'node:timers/promises';
import { randomFor } from '@necrostack/example-support';

/** Traders whose trades never settle: the "problem traders" of the original example. */
export const PROBLEM_TRADERS: ReadonlySet<string> = new Set(['trader_bad_1', 'trader_bad_2']);
/** Share of settlement calls that time out once (a network blip): retried by the Spine. */
export const DEFAULT_TRANSIENT_FAILURE_RATE = 0.05;
/** Most simulated clearing latency per call, in ms (the original: 50–150 ms; shorter here). */
export const DEFAULT_CLEARING_LATENCY_MS = 5;
/** The clearing fee: one basis point of the trade's value. */
export const SETTLEMENT_FEE_RATE = 0.0001;

/** Options of {@link ClearingHouse}. */
export interface ClearingHouseOptions {
  /** The run's seed: latencies and transient failures follow from it. */
  readonly seed: number;
  /** Most latency per call, in ms; 0 for none (default 5). */
  readonly latencyMs?: number;
  /** Share of calls that fail transiently, 0–1 (default 0.05). */
  readonly transientFailureRate?: number;
}

/** What the clearing house needs to settle a trade. */
export interface ClearingRequest {
  readonly tradeId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly quantity: number;
  readonly price: number;
}

/** A settled trade's amounts. */
export interface ClearingReceipt {
  readonly totalValue: number;
  readonly fee: number;
}

/** The clearing house said no: the trade cannot settle, whatever the number of tries. */
export class SettlementRefusedError extends Error {
  override readonly name = 'SettlementRefusedError';
}

/** The clearing house did not answer in time: another try may succeed. */
export class ClearingTimeoutError extends Error {
  override readonly name = 'ClearingTimeoutError';
}

/**
 * A simulated clearing house. Each call waits a seeded latency, then refuses a trade with a problem
 * trader, or fails transiently for a seeded share of calls. Every decision is drawn from (seed,
 * trade id, attempt), so a run gives the same outcome on every backend. Settling a trade twice
 * (a redelivery) returns the first receipt.
 */
export class ClearingHouse {
  private readonly attempts = new Map<string, number>();
  private readonly settled = new Map<string, ClearingReceipt>();
  private readonly latencyMs: number;
  private readonly failureRate: number;

  constructor(private readonly options: ClearingHouseOptions) {
    this.latencyMs = options.latencyMs ?? DEFAULT_CLEARING_LATENCY_MS;
    this.failureRate = options.transientFailureRate ?? DEFAULT_TRANSIENT_FAILURE_RATE;
  }

  /** @throws SettlementRefusedError for a problem trader; ClearingTimeoutError on a transient failure. */
  async settle(request: ClearingRequest): Promise<ClearingReceipt> {
    const done = this.settled.get(request.tradeId);
    if (done) return done;
    const attempt = (this.attempts.get(request.tradeId) ?? 0) + 1;
    this.attempts.set(request.tradeId, attempt);
    const random = randomFor(this.options.seed, 'clearing', request.tradeId, attempt);
    const latency = random() * this.latencyMs;
    if (latency >= 1) await sleep(latency);
    if (PROBLEM_TRADERS.has(request.buyerId)) throw new SettlementRefusedError(`${request.buyerId} has insufficient funds`);
    if (PROBLEM_TRADERS.has(request.sellerId)) throw new SettlementRefusedError(`${request.sellerId} has a restricted account`);
    if (random() < this.failureRate) throw new ClearingTimeoutError(`clearing house timed out on ${request.tradeId} (attempt ${attempt})`);
    const totalValue = round2(request.quantity * request.price);
    const receipt = { totalValue, fee: round2(totalValue * SETTLEMENT_FEE_RATE) };
    this.settled.set(request.tradeId, receipt);
    return receipt;
  }

  /** Calls made for each trade, including failed ones. */
  attemptsOf(tradeId: string): number {
    return this.attempts.get(tradeId) ?? 0;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

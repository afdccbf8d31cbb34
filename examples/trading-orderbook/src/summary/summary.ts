import type { FailedEvent, SpineStats } from '@necrostack/core';
import { FLOW_ORDER, ORDER_REJECTED } from '../events';
import type { AuditLog } from '../services/audit-log.service';
import type { BookDepth, OrderBookService } from '../services/order-book.service';
import type { RiskAlert, RiskLedger } from '../services/risk-ledger.service';

/** One trade, as `--json` prints it. */
export interface TradeSummary {
  readonly buyer: string;
  readonly seller: string;
  readonly symbol: string;
  readonly price: number;
  readonly quantity: number;
}

/** An event in the dead-letter store. */
export interface DeadLetterSummary {
  /** 1-based position of the order that caused it, in the input. */
  readonly order: number | null;
  readonly eventType: string;
  /** What it was about: the trade id of a TRADE_EXECUTED, else the event id. */
  readonly ref: string;
  /** The organ that failed. */
  readonly organ: string;
  /** The error's class name, e.g. SettlementRefusedError. */
  readonly error: string;
  readonly reason: string;
  readonly attempts: number;
}

/** An order ValidateOrder or MatchingEngine rejected. */
export interface RejectionSummary {
  readonly order: number | null;
  readonly trader: string;
  readonly reason: string;
}

/** The result of a run: what `--json` prints, and what the readable report is made from. */
export interface OrderBookSummary {
  readonly input: string;
  readonly backend: 'memory' | 'redis';
  readonly seed: number;
  readonly orders: number;
  /** Every trade, in execution order. */
  readonly trades: TradeSummary[];
  /** Each symbol's resting orders after the run, best first. */
  readonly books: Record<string, BookDepth>;
  /** Events of each type, as recorded by the audit trail (zero for a type that never occurred). */
  readonly countsByType: Record<string, number>;
  readonly rejections: RejectionSummary[];
  readonly deadLetters: DeadLetterSummary[];
  readonly riskAlerts: RiskAlert[];
  /** Deliveries settled by the organs, events they emitted, handler retries. */
  readonly stats: { readonly processed: number; readonly emitted: number; readonly retries: number };
  readonly durationMs: number;
}

/** What a run leaves behind, for {@link buildSummary}. */
export interface RunResult {
  readonly input: string;
  readonly backend: 'memory' | 'redis';
  readonly seed: number;
  /** Ids of the ORDER_SUBMITTED events, in input order (each order's chain carries it as correlation id). */
  readonly orderIds: readonly string[];
  readonly stats: SpineStats;
  readonly books: OrderBookService;
  readonly audit: AuditLog;
  readonly ledger: RiskLedger;
  readonly deadLetters: readonly FailedEvent[];
  readonly durationMs: number;
}

/** Turns what a run left behind into its summary: plain data, JSON-ready. */
export function buildSummary(run: RunResult): OrderBookSummary {
  const positions = new Map(run.orderIds.map((id, i) => [id, i + 1]));
  const orderOf = (id: string | undefined): number | null => (id === undefined ? null : positions.get(id) ?? null);
  const counts = run.audit.countsByType();
  const records = run.audit.all();
  return {
    input: run.input,
    backend: run.backend,
    seed: run.seed,
    orders: run.orderIds.length,
    trades: run.books.executions().map(({ buyer, seller, symbol, price, quantity }) => ({ buyer, seller, symbol, price, quantity })),
    books: run.books.allDepths(),
    countsByType: Object.fromEntries(FLOW_ORDER.map((type) => [type, counts.get(type) ?? 0])),
    rejections: records
      .filter((record) => record.eventType === ORDER_REJECTED)
      .map((record) => ({ order: orderOf(record.correlationId), trader: String(record.payload.trader_id), reason: String(record.payload.reason) }))
      .sort(byOrder),
    deadLetters: run.deadLetters.map((letter) => deadLetterSummary(letter, orderOf)).sort(byOrder),
    riskAlerts: [...run.ledger.alerts()],
    stats: { processed: run.stats.eventsProcessed, emitted: run.stats.eventsEmitted, retries: run.stats.handlerRetries },
    durationMs: Math.round(run.durationMs * 10) / 10,
  };
}

function deadLetterSummary(letter: FailedEvent, orderOf: (id: string | undefined) => number | null): DeadLetterSummary {
  const payload = (letter.event?.payload ?? {}) as { trade_id?: unknown };
  return {
    order: orderOf(letter.event?.correlationId ?? letter.event?.id),
    eventType: letter.event?.eventType ?? '(undecodable entry)',
    ref: typeof payload.trade_id === 'string' ? payload.trade_id : letter.event?.id ?? letter.id,
    organ: letter.organ ?? '(none)',
    error: letter.error.name,
    reason: letter.error.message,
    attempts: letter.attempts,
  };
}

/** In input order; stable, so entries of one order keep the order they happened in. */
function byOrder(a: { readonly order: number | null }, b: { readonly order: number | null }): number {
  return (a.order ?? Infinity) - (b.order ?? Infinity);
}

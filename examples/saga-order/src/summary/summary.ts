import type { FailedEvent, SpineStats } from '@necrostack/core';
import { FLOW_ORDER } from '../events';
import type { InventoryService } from '../services/inventory.service';
import type { OrderRepository, OrderState } from '../services/order-repository.service';
import type { PaymentService } from '../services/payment.service';
import type { SagaJournal } from '../services/saga-journal.service';
import type { ShippingService } from '../services/shipping.service';
import { checkOrder, moneyBalance, stockBalance } from './checks';

/** Where one order ended, and whether its end is consistent. */
export interface OrderOutcome {
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly state: OrderState;
  /** The states it went through: `PLACED → PAID → RESERVED → CONFIRMED`. */
  readonly path: string;
  readonly failure: string | null;
  /** What is wrong with its end state; null when all is well. */
  readonly problem: string | null;
}

/** An input order the first step refused (its payload broke OrderPlacedDto), or any other dead letter. */
export interface DeadLetterSummary {
  readonly orderId: string | null;
  readonly eventType: string;
  readonly organ: string;
  readonly error: string;
  readonly reason: string;
}

/** The result of a run: what `--json` prints, and what the readable report is made from. */
export interface SagaSummary {
  readonly input: string;
  readonly backend: 'memory' | 'redis' | 'postgres';
  readonly seed: number;
  readonly failureRate: number;
  /** Input records. */
  readonly orders: number;
  /** Orders per final state (UNFINISHED: any other state; never expected). */
  readonly outcomes: Record<'CONFIRMED' | 'CANCELLED' | 'COMPENSATED' | 'UNFINISHED', number>;
  /** Every order that entered the saga ended CONFIRMED, CANCELLED or COMPENSATED, consistently, and money and stock balance. */
  readonly consistent: boolean;
  readonly money: ReturnType<typeof moneyBalance>;
  readonly stock: ReturnType<typeof stockBalance>;
  readonly orderOutcomes: OrderOutcome[];
  readonly countsByType: Record<string, number>;
  readonly deadLetters: DeadLetterSummary[];
  readonly stats: { readonly processed: number; readonly emitted: number; readonly retries: number };
  readonly durationMs: number;
}

/** What a run leaves behind, for {@link buildSummary}. */
export interface SagaRun {
  readonly input: string;
  readonly backend: 'memory' | 'redis' | 'postgres';
  readonly seed: number;
  readonly failureRate: number;
  readonly records: number;
  readonly orders: OrderRepository;
  readonly payments: PaymentService;
  readonly inventory: InventoryService;
  readonly shipping: ShippingService;
  readonly journal: SagaJournal;
  readonly stats: SpineStats;
  readonly deadLetters: readonly FailedEvent[];
  readonly durationMs: number;
}

/** Turns what a run left behind into its summary, checking every order's end state and the balances. */
export function buildSummary(run: SagaRun): SagaSummary {
  const records = run.orders.all();
  const orderOutcomes = records.map((order): OrderOutcome => ({
    orderId: order.orderId,
    customerId: order.customerId,
    amountCents: order.amountCents,
    state: order.state,
    path: order.history.join(' → '),
    failure: order.failure ?? null,
    problem: checkOrder(order, run.payments, run.inventory, run.shipping) ?? null,
  }));
  const outcomes = { CONFIRMED: 0, CANCELLED: 0, COMPENSATED: 0, UNFINISHED: 0 };
  for (const { state } of orderOutcomes) {
    if (state === 'CONFIRMED' || state === 'CANCELLED' || state === 'COMPENSATED') outcomes[state]++;
    else outcomes.UNFINISHED++;
  }
  const money = moneyBalance(records, run.payments);
  const stock = stockBalance(records, run.inventory);
  const counts = run.journal.countsByType();
  return {
    input: run.input,
    backend: run.backend,
    seed: run.seed,
    failureRate: run.failureRate,
    orders: run.records,
    outcomes,
    consistent: orderOutcomes.every((o) => o.problem === null) && money.balanced && stock.balanced,
    money,
    stock,
    orderOutcomes,
    countsByType: Object.fromEntries(FLOW_ORDER.map((type) => [type, counts.get(type) ?? 0])),
    deadLetters: run.deadLetters.map(deadLetterSummary),
    stats: { processed: run.stats.eventsProcessed, emitted: run.stats.eventsEmitted, retries: run.stats.handlerRetries },
    durationMs: Math.round(run.durationMs * 10) / 10,
  };
}

function deadLetterSummary(letter: FailedEvent): DeadLetterSummary {
  const orderId = (letter.event?.payload as { order_id?: unknown } | undefined)?.order_id;
  return {
    orderId: typeof orderId === 'string' ? orderId : null,
    eventType: letter.event?.eventType ?? '(undecodable entry)',
    organ: letter.organ ?? '(none)',
    error: letter.error.name,
    reason: letter.error.message,
  };
}

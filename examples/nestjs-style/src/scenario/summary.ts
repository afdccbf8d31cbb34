import type { FailedEvent, SpineStats } from '@necrostack/core';
import type { Invoice } from '../billing/invoices.repository';
import type { Notification } from '../notifications/outbox.repository';
import type { Order, OrderStatus } from '../orders/order';

/** An order at the end of the scenario. */
export interface OrderSummary {
  readonly id: string;
  readonly customer: string;
  readonly totalCents: number;
  readonly status: OrderStatus;
  readonly invoiceId: string | null;
  readonly declineReason: string | null;
}

/** An order that never became one: its ORDER_PLACED was dead-lettered. */
export interface RejectedOrder {
  readonly orderId: string | null;
  readonly organ: string;
  readonly error: string;
  readonly reason: string;
}

/** The result of a run: what `--json` prints, and what the readable report is made from. */
export interface AppSummary {
  readonly placed: number;
  readonly orders: readonly OrderSummary[];
  readonly rejected: readonly RejectedOrder[];
  readonly invoices: { readonly count: number; readonly totalCents: number };
  readonly notifications: readonly Notification[];
  readonly events: { readonly processed: number; readonly emitted: number; readonly deadLettered: number };
}

/** What the repositories and the Spine hold at the end of a run. */
export interface ScenarioState {
  readonly placed: number;
  readonly orders: readonly Order[];
  readonly invoices: readonly Invoice[];
  readonly notifications: readonly Notification[];
  readonly deadLetters: readonly FailedEvent[];
  readonly stats: SpineStats;
}

/** The summary of a run, from what the repositories and the Spine hold at its end. */
export function buildSummary(state: ScenarioState): AppSummary {
  return {
    placed: state.placed,
    orders: state.orders.map((order) => ({
      id: order.id,
      customer: order.customerEmail,
      totalCents: order.totalCents,
      status: order.status,
      invoiceId: order.invoiceId ?? null,
      declineReason: order.declineReason ?? null,
    })),
    rejected: state.deadLetters.map((letter) => ({
      orderId: orderIdOf(letter),
      organ: letter.organ ?? '(none)',
      error: letter.error.name,
      reason: letter.error.message,
    })),
    invoices: { count: state.invoices.length, totalCents: state.invoices.reduce((sum, invoice) => sum + invoice.amountCents, 0) },
    notifications: state.notifications.map(({ to, orderId, text }) => ({ to, orderId, text })),
    events: { processed: state.stats.eventsProcessed, emitted: state.stats.eventsEmitted, deadLettered: state.stats.eventsDeadLettered },
  };
}

function orderIdOf(letter: FailedEvent): string | null {
  const id = (letter.event?.payload as { order_id?: unknown } | undefined)?.order_id;
  return typeof id === 'string' ? id : null;
}

import { formatCents } from '../money';
import type { AppSummary, OrderSummary } from './summary';

/** The readable report of a run. */
export function formatSummary(summary: AppSummary): string {
  return [
    `NecroStack, structured the NestJS way: ${summary.placed} orders placed`,
    '',
    `Orders (${summary.orders.length})`,
    ...summary.orders.map(orderLine),
    '',
    ...rejected(summary),
    '',
    `Invoices: ${summary.invoices.count}, ${formatCents(summary.invoices.totalCents)} billed`,
    '',
    `Notifications (${summary.notifications.length})`,
    ...summary.notifications.map((n) => `  ${n.to.padEnd(18)}  ${n.text}`),
    '',
    `Events: ${summary.events.processed} processed by organs, ${summary.events.emitted} emitted by them, ` +
      `${summary.events.deadLettered} dead-lettered`,
    '',
  ].join('\n');
}

function orderLine(order: OrderSummary): string {
  const outcome = order.status === 'billed' ? order.invoiceId : order.status === 'declined' ? order.declineReason : '';
  return `  ${order.id}  ${order.customer.padEnd(18)}  ${formatCents(order.totalCents).padStart(8)}  ${order.status.padEnd(8)}  ${outcome ?? ''}`;
}

function rejected(summary: AppSummary): string[] {
  if (summary.rejected.length === 0) return ['Rejected orders: none'];
  return [
    `Rejected orders (${summary.rejected.length}): dead-lettered with the reason`,
    ...summary.rejected.map((r) => `  ${r.orderId ?? '?'}  rejected by ${r.organ}: ${r.error}: ${r.reason}`),
  ];
}

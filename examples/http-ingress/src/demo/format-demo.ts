import type { DemoOrder, DemoSummary, InvalidOrder } from './run-demo';

/** The demo's readable report: each order's outcome, the refused requests with their violations, the totals. */
export function formatDemo(summary: DemoSummary): string {
  const lines = [`Demo on the ${summary.backend} backend: POST /orders → ORDER_PLACED → ReserveStock → Notifier → GET /orders/:id`, ''];
  for (const order of summary.orders) lines.push(formatOrder(order));
  for (const refused of summary.invalid) lines.push(...formatInvalid(refused));
  lines.push('', `${summary.accepted} accepted, ${summary.rejected} rejected, ${summary.invalid.length} refused with 400`);
  return `${lines.join('\n')}\n`;
}

function formatOrder(order: DemoOrder): string {
  const outcome = order.status === 'accepted' ? `accepted (${order.remaining} left)` : `${order.status}: ${order.reason ?? ''}`;
  return `  ${order.eventId}  ${order.customerId.padEnd(6)} ${String(order.quantity).padStart(3)} × ${order.sku.padEnd(9)} ${outcome}`;
}

function formatInvalid(refused: InvalidOrder): string[] {
  const head = `  400 PayloadValidationError for ${JSON.stringify(refused.body)}:`;
  return [head, ...refused.violations.map((v) => `      ${v.property}: ${Object.values(v.constraints).join('; ')}`)];
}

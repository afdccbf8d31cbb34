import type { SagaSummary } from './summary';

/** The readable report of a run: each order's path, the outcomes, the balances, the dead letters. */
export function formatSummary(summary: SagaSummary): string {
  const { outcomes, money, stock } = summary;
  return [
    `NecroStack order saga: ${summary.orders} orders from ${summary.input} (${summary.backend} backend, seed ${summary.seed}, failure rate ${summary.failureRate})`,
    '',
    'Orders',
    ...summary.orderOutcomes.map((o) => {
      const why = o.failure ? `  (${o.failure})` : '';
      const problem = o.problem ? `  !! ${o.problem}` : '';
      return `  ${o.orderId.padEnd(9)} ${o.customerId.padEnd(11)} ${euros(o.amountCents).padStart(10)}  ${o.state.padEnd(11)} ${o.path}${why}${problem}`;
    }),
    '',
    `Outcomes: ${outcomes.CONFIRMED} confirmed, ${outcomes.CANCELLED} cancelled (payment failed, nothing to undo), ` +
      `${outcomes.COMPENSATED} compensated (stock released, payment refunded), ${outcomes.UNFINISHED} unfinished`,
    `Money: charged ${euros(money.chargedCents)}, refunded ${euros(money.refundedCents)}, kept ${euros(money.heldCents)}; ` +
      `confirmed orders ${euros(money.confirmedCents)} ${money.balanced ? '✓ balanced' : '✗ NOT BALANCED'}`,
    `Stock: ${stock.shippedUnits} units out of the warehouse, ${stock.confirmedUnits} bought by confirmed orders ` +
      `${stock.balanced ? '✓ balanced' : '✗ NOT BALANCED'}`,
    summary.consistent
      ? 'Every order ended CONFIRMED, or CANCELLED / COMPENSATED with nothing left charged or reserved ✓'
      : 'INCONSISTENT: see the orders marked !! above',
    '',
    ...deadLetters(summary),
    '',
    'Events, by type',
    ...Object.entries(summary.countsByType).map(([type, count]) => `  ${type.padEnd(20)} ${String(count).padStart(5)}`),
    '',
    `Spine: ${summary.stats.processed} deliveries processed, ${summary.stats.emitted} events emitted, ${summary.durationMs} ms`,
    '',
  ].join('\n');
}

function deadLetters(summary: SagaSummary): string[] {
  if (summary.deadLetters.length === 0) return ['Dead letters: none'];
  return [
    `Dead letters (${summary.deadLetters.length}): orders that never entered the saga`,
    ...summary.deadLetters.flatMap((d) => [
      `  ${String(d.orderId ?? '?').padEnd(9)} ${d.eventType} rejected by ${d.organ}: ${d.error}`,
      `            ${d.reason}`,
    ]),
  ];
}

function euros(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}

import type { BookDepth } from '../services/order-book.service';
import type { OrderBookSummary } from './summary';

/** The symbol whose book the report shows, as the original did. */
export const REPORTED_SYMBOL = 'AAPL';
/** Lines shown per list before "… and N more". */
const MAX_LINES = 20;

/** The readable report of a run: executions, rejections, dead letters, risk alerts, the AAPL book, the audit summary. */
export function formatSummary(summary: OrderBookSummary): string {
  return [
    `NecroStack trading order book: ${summary.orders} orders from ${summary.input} (${summary.backend} backend, seed ${summary.seed})`,
    '',
    ...section(`Executions (${summary.trades.length}), in execution order`, summary.trades.map((t, i) =>
      `  ${`#${i + 1}`.padEnd(5)} ${t.symbol.padEnd(5)} ${String(t.quantity).padStart(5)} @ ${money(t.price).padStart(9)}   buyer ${t.buyer.padEnd(12)} seller ${t.seller}`)),
    '',
    ...section(`Rejected orders (${summary.rejections.length})`, summary.rejections.map((r) =>
      `  ${label(r.order)} ${r.trader.padEnd(12)} ${r.reason}`)),
    '',
    ...section(`Dead letters (${summary.deadLetters.length}): kept with their reason, replayable`, summary.deadLetters.map((d) =>
      `  ${label(d.order)} ${d.eventType} ${d.ref} rejected by ${d.organ} after ${d.attempts} tries: ${d.error}: ${d.reason}`)),
    '',
    ...section(`Risk alerts (${summary.riskAlerts.length})`, summary.riskAlerts.map((a) =>
      `  ${a.type.padEnd(14)} ${a.trader_id.padEnd(12)} ${a.symbol.padEnd(5)} ${a.value} > ${a.limit}`)),
    '',
    ...book(REPORTED_SYMBOL, summary.books[REPORTED_SYMBOL] ?? { bids: [], asks: [] }),
    '',
    'Audit trail summary (events recorded, by type)',
    ...Object.entries(summary.countsByType).map(([type, count]) => `  ${type.padEnd(20)} ${String(count).padStart(6)}`),
    '',
    `Spine: ${summary.stats.processed} deliveries processed, ${summary.stats.emitted} events emitted, ${summary.stats.retries} handler retries, ${summary.durationMs} ms`,
    '',
  ].join('\n');
}

function section(title: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [title.replace(/ \(0\).*$/, ': none')];
  const more = lines.length > MAX_LINES ? [`  … and ${lines.length - MAX_LINES} more (see --json)`] : [];
  return [title, ...lines.slice(0, MAX_LINES), ...more];
}

function book(symbol: string, depth: BookDepth): string[] {
  const side = (name: string, entries: BookDepth['bids']): string[] => [
    `  ${name}`,
    ...(entries.length === 0 ? ['    --'] : entries.slice(0, 5).map((e) => `    ${String(e.quantity).padStart(6)} @ ${money(e.price).padStart(9)}  ${e.trader}`)),
  ];
  return [`Order book ${symbol} (best first)`, ...side('BIDS', depth.bids), ...side('ASKS', depth.asks)];
}

function money(price: number): string {
  return `$${price.toFixed(2)}`;
}

function label(order: number | null): string {
  return (order === null ? '#?' : `#${order}`).padEnd(5);
}

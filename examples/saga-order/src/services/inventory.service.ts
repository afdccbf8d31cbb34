import type { OrderLine } from './order-repository.service';
import { randomFor } from '@necrostack/example-support';

/** Units of each SKU in the warehouse at the start of a run. */
export const DEFAULT_INITIAL_STOCK = 10_000;

/** Options of {@link InventoryService}. */
export interface InventoryServiceOptions {
  readonly seed: number;
  /** Share of reservations the warehouse fails part-way, 0–1. */
  readonly failureRate: number;
  /** The SKUs stocked. */
  readonly skus: readonly string[];
  /** Units of each SKU at the start (default 10,000). */
  readonly initialStock?: number;
}

/** The result of a reservation. A failed one may have reserved some lines: release them. */
export type ReservationResult = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly linesReserved: number };

/**
 * A simulated warehouse. A reservation takes the lines one by one; for a seeded share of orders the
 * warehouse fails part-way, after a seeded number of lines, so some stock stays held until the saga
 * releases it. A line also fails when the stock is short. Reserving and releasing are idempotent
 * by order id.
 */
export class InventoryService {
  private readonly stock = new Map<string, number>();
  private readonly held = new Map<string, OrderLine[]>();
  private readonly results = new Map<string, ReservationResult>();
  readonly initialStock: number;

  constructor(private readonly options: InventoryServiceOptions) {
    this.initialStock = options.initialStock ?? DEFAULT_INITIAL_STOCK;
    for (const sku of options.skus) this.stock.set(sku, this.initialStock);
  }

  reserve(orderId: string, lines: readonly OrderLine[]): ReservationResult {
    const known = this.results.get(orderId);
    if (known) return known;
    const random = randomFor(this.options.seed, 'inventory', orderId);
    const faultAt = random() < this.options.failureRate ? Math.floor(random() * lines.length) : -1;
    const taken: OrderLine[] = [];
    this.held.set(orderId, taken);
    const result = this.take(lines, faultAt, taken);
    this.results.set(orderId, result);
    return result;
  }

  /** Puts back what the order holds; returns the units released (0 the second time). */
  release(orderId: string): number {
    const lines = this.held.get(orderId) ?? [];
    this.held.set(orderId, []);
    for (const line of lines) this.stock.set(line.sku, (this.stock.get(line.sku) ?? 0) + line.quantity);
    return lines.reduce((units, line) => units + line.quantity, 0);
  }

  /** Units an order holds. */
  heldBy(orderId: string): number {
    return (this.held.get(orderId) ?? []).reduce((units, line) => units + line.quantity, 0);
  }

  /** Units left of each SKU. */
  stockLevels(): Record<string, number> {
    return Object.fromEntries([...this.stock.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  private take(lines: readonly OrderLine[], faultAt: number, taken: OrderLine[]): ReservationResult {
    for (const [index, line] of lines.entries()) {
      if (index === faultAt) return { ok: false, reason: `warehouse failed while picking line ${index + 1} (${line.sku})`, linesReserved: index };
      const left = this.stock.get(line.sku) ?? 0;
      if (left < line.quantity) return { ok: false, reason: `out of stock: ${line.sku} (wanted ${line.quantity}, ${left} left)`, linesReserved: index };
      this.stock.set(line.sku, left - line.quantity);
      taken.push({ ...line });
    }
    return { ok: true };
  }
}

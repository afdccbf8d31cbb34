/** The stock the example starts with: enough for the demo to accept some orders and reject others. */
export const DEFAULT_STOCK: Readonly<Record<string, number>> = { 'WIDGET-1': 10, 'GADGET-2': 3, 'GIZMO-3': 0 };

/** What {@link Inventory.reserve} decided. */
export type Reservation =
  | { readonly ok: true; readonly remaining: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Stock per SKU, in the worker's memory (each worker process has its own; a real service would use
 * a database). Reservations are remembered by order id, so a redelivered ORDER_PLACED
 * (at-least-once delivery) gets the same answer and never reserves twice.
 */
export class Inventory {
  private readonly stock: Map<string, number>;
  private readonly decisions = new Map<string, Reservation>();

  constructor(stock: Readonly<Record<string, number>> = DEFAULT_STOCK) {
    this.stock = new Map(Object.entries(stock));
  }

  reserve(orderId: string, sku: string, quantity: number): Reservation {
    const known = this.decisions.get(orderId);
    if (known) return known;
    const decision = this.decide(sku, quantity);
    if (decision.ok) this.stock.set(sku, decision.remaining);
    this.decisions.set(orderId, decision);
    return decision;
  }

  /** Units of `sku` left (undefined for an unknown SKU). */
  available(sku: string): number | undefined {
    return this.stock.get(sku);
  }

  private decide(sku: string, quantity: number): Reservation {
    const available = this.stock.get(sku);
    if (available === undefined) return { ok: false, reason: `unknown sku ${sku}` };
    if (available === 0) return { ok: false, reason: `${sku} is out of stock` };
    if (available < quantity) return { ok: false, reason: `only ${available} ${sku} left, ${quantity} asked` };
    return { ok: true, remaining: available - quantity };
  }
}

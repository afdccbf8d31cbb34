/** One line of an order. Amounts are integer cents, so totals are exact. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** Where an order is in its life. */
export type OrderStatus = 'created' | 'billed' | 'declined';

/** An order as the orders repository keeps it. */
export interface Order {
  readonly id: string;
  readonly customerEmail: string;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  status: OrderStatus;
  /** The invoice, once billed. */
  invoiceId?: string;
  /** Why billing declined it. */
  declineReason?: string;
}

/** The total of an order's lines, in cents. */
export function orderTotal(lines: readonly OrderLine[]): number {
  return lines.reduce((total, line) => total + line.quantity * line.unitPriceCents, 0);
}

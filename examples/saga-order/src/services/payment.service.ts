import { randomFor } from '@necrostack/example-support';

/** What became of an order's payment. */
export type PaymentStatus = 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'NO_ANSWER';

/** One order's payment. */
export interface Payment {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amountCents: number;
  status: PaymentStatus;
  /** Why it was declined, or never answered. */
  readonly reason?: string;
}

/** Options of {@link PaymentService}. */
export interface PaymentServiceOptions {
  /** The run's seed: which cards are declined follows from it and the order id. */
  readonly seed: number;
  /** Share of payments declined, 0–1. */
  readonly failureRate: number;
}

/**
 * A simulated payment provider. A charge is declined for a seeded share of orders (the decision is
 * drawn from the seed and the order id, so it is the same on every backend and in any order).
 * Charging and refunding are idempotent by order id.
 */
export class PaymentService {
  private readonly payments = new Map<string, Payment>();

  constructor(private readonly options: PaymentServiceOptions) {}

  /** Captures the amount, declines, or never answers; a second call for the same order returns the first payment. */
  charge(orderId: string, amountCents: number): Payment {
    const known = this.payments.get(orderId);
    if (known) return known;
    const declined = randomFor(this.options.seed, 'payment', orderId)() < this.options.failureRate;
    // A quarter as often as a decline, the card network never answers: the saga's timeout cancels the order.
    const unanswered = !declined && randomFor(this.options.seed, 'payment-answer', orderId)() < this.options.failureRate / 4;
    const status: PaymentStatus = declined ? 'DECLINED' : unanswered ? 'NO_ANSWER' : 'CAPTURED';
    const payment: Payment = {
      paymentId: `PAY-${orderId}`, orderId, amountCents, status,
      ...(declined ? { reason: 'card declined by the issuer' } : unanswered ? { reason: 'no answer from the card network' } : {}),
    };
    this.payments.set(orderId, payment);
    return payment;
  }

  /** Gives a captured payment back; returns the cents refunded (0 when there was nothing to refund, or it was refunded before). */
  refund(orderId: string): number {
    const payment = this.payments.get(orderId);
    if (payment?.status !== 'CAPTURED') return 0;
    payment.status = 'REFUNDED';
    return payment.amountCents;
  }

  /** The order's payment, if it was ever charged. */
  paymentOf(orderId: string): Readonly<Payment> | undefined {
    return this.payments.get(orderId);
  }

  /** Money taken, given back, and kept (captured minus refunded), in cents. */
  totals(): { chargedCents: number; refundedCents: number; heldCents: number } {
    let chargedCents = 0;
    let refundedCents = 0;
    for (const payment of this.payments.values()) {
      if (payment.status === 'CAPTURED' || payment.status === 'REFUNDED') chargedCents += payment.amountCents;
      if (payment.status === 'REFUNDED') refundedCents += payment.amountCents;
    }
    return { chargedCents, refundedCents, heldCents: chargedCents - refundedCents };
  }
}

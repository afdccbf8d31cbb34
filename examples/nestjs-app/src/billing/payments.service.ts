import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** One charge billing made. */
export interface Payment {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amountCents: number;
}

/** The outcome of {@link PaymentsService.charge}. */
export type ChargeResult = { readonly captured: Payment } | { readonly declined: string };

/**
 * The payment provider, as a Nest singleton: charges up to the configured credit limit. Charging an
 * order twice returns the first payment: a redelivered event (at-least-once) never charges twice.
 */
@Injectable()
export class PaymentsService {
  private readonly payments = new Map<string, Payment>();

  constructor(private readonly config: AppConfig) {}

  charge(orderId: string, amountCents: number): ChargeResult {
    if (amountCents > this.config.creditLimitCents) {
      return { declined: `${formatCents(amountCents)} is over the credit limit of ${formatCents(this.config.creditLimitCents)}` };
    }
    let payment = this.payments.get(orderId);
    if (!payment) {
      payment = { paymentId: `pay-${this.payments.size + 1}`, orderId, amountCents };
      this.payments.set(orderId, payment);
    }
    return { captured: payment };
  }

  all(): Payment[] {
    return [...this.payments.values()];
  }
}

function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

import { inject, injectable } from 'tsyringe';
import { formatCents } from '../money';
import type { Order } from '../orders/order';
import { BILLING_CONFIG, type BillingConfig } from './billing.config';
import { INVOICES_REPOSITORY, type Invoice, type InvoicesRepository } from './invoices.repository';

/** The verdict on an order: an invoice, or the reason it was declined. */
export type BillingResult = { readonly invoice: Invoice } | { readonly declined: string };

/** Issues invoices, within the credit limit. Idempotent: billing an order twice gives its one invoice. */
@injectable()
export class BillingService {
  constructor(
    @inject(INVOICES_REPOSITORY) readonly invoices: InvoicesRepository,
    @inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  bill(order: Order): BillingResult {
    const existing = this.invoices.findByOrder(order.id);
    if (existing) return { invoice: existing };
    if (order.totalCents > this.config.creditLimitCents) {
      return { declined: `${formatCents(order.totalCents)} is over the credit limit of ${formatCents(this.config.creditLimitCents)}` };
    }
    const invoice: Invoice = { id: `INV-${order.id}`, orderId: order.id, customerEmail: order.customerEmail, amountCents: order.totalCents };
    this.invoices.save(invoice);
    return { invoice };
  }
}

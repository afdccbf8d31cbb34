import { injectable, type InjectionToken } from 'tsyringe';

/** An issued invoice. */
export interface Invoice {
  readonly id: string;
  readonly orderId: string;
  readonly customerEmail: string;
  readonly amountCents: number;
}

/** The invoices store, injected under {@link INVOICES_REPOSITORY}. */
export interface InvoicesRepository {
  save(invoice: Invoice): void;
  findByOrder(orderId: string): Invoice | undefined;
  /** Every invoice, by id. */
  all(): Invoice[];
}

export const INVOICES_REPOSITORY: InjectionToken<InvoicesRepository> = Symbol('InvoicesRepository');

/** The in-memory implementation the billing module provides. */
@injectable()
export class InMemoryInvoicesRepository implements InvoicesRepository {
  private readonly invoices = new Map<string, Invoice>();

  save(invoice: Invoice): void {
    this.invoices.set(invoice.id, invoice);
  }

  findByOrder(orderId: string): Invoice | undefined {
    return [...this.invoices.values()].find((invoice) => invoice.orderId === orderId);
  }

  all(): Invoice[] {
    return [...this.invoices.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}

import type { DependencyContainer } from 'tsyringe';
import type { AppModuleDefinition } from '../module-definition';
import { BILLING_CONFIG, DEFAULT_CREDIT_LIMIT_CENTS, type BillingConfig } from './billing.config';
import { BillingOrgan } from './billing.organ';
import { BillingService } from './billing.service';
import { INVOICES_REPOSITORY, InMemoryInvoicesRepository, type InvoicesRepository } from './invoices.repository';

/** Billing: its settings, the invoices repository, BillingService and the billing organ. */
export function billingModule(config: Partial<BillingConfig> = {}): AppModuleDefinition {
  return {
    name: 'billing',
    register(app: DependencyContainer): void {
      app.register(BILLING_CONFIG, { useValue: { creditLimitCents: config.creditLimitCents ?? DEFAULT_CREDIT_LIMIT_CENTS } });
      app.registerSingleton<InvoicesRepository>(INVOICES_REPOSITORY, InMemoryInvoicesRepository);
      app.registerSingleton(BillingService);
      app.registerSingleton(BillingOrgan);
    },
  };
}

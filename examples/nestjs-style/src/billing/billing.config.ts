import type { InjectionToken } from 'tsyringe';

/** Billing's settings, injected under {@link BILLING_CONFIG}. */
export interface BillingConfig {
  /** Orders above this total are declined. */
  readonly creditLimitCents: number;
}

export const DEFAULT_CREDIT_LIMIT_CENTS = 100_00;

export const BILLING_CONFIG: InjectionToken<BillingConfig> = Symbol('BillingConfig');

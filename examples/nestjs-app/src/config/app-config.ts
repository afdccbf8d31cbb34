import { Module, type DynamicModule } from '@nestjs/common';

/** What the application is configured with (from the command line, see main.ts). */
export class AppConfig {
  /** `memory` or a `redis://` URL. */
  readonly backend: string;
  /** The Redis stream the events go to (the Redis backend only). */
  readonly streamKey: string;
  /** Billing declines an order above this total. */
  readonly creditLimitCents: number;

  constructor(values: Partial<AppConfig> = {}) {
    this.backend = values.backend ?? 'memory';
    this.streamKey = values.streamKey ?? DEFAULT_STREAM_KEY;
    this.creditLimitCents = values.creditLimitCents ?? DEFAULT_CREDIT_LIMIT_CENTS;
  }
}

export const DEFAULT_STREAM_KEY = 'necrostack:example:nestjs-app';
export const DEFAULT_CREDIT_LIMIT_CENTS = 100_00;

/** Provides {@link AppConfig} to every module (a stand-in for @nestjs/config's ConfigModule). */
@Module({})
export class AppConfigModule {
  static register(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

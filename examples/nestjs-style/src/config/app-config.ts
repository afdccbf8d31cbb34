import { DEFAULT_CREDIT_LIMIT_CENTS } from '../billing/billing.config';

/** The application's configuration, as NestJS's ConfigModule would give it. */
export interface AppConfig {
  /** `memory` or a `redis://` / `rediss://` URL. */
  readonly backend: string;
  readonly creditLimitCents: number;
}

/** What a caller may set; the rest comes from the environment, then the defaults. */
export interface AppConfigOverrides {
  readonly backend?: string;
  readonly creditLimitCents?: number;
}

/**
 * The configuration: an explicit value wins, then the environment (`NECRO_BACKEND`), then the
 * default (`memory`, a credit limit of $100.00).
 * @throws Error with a one-line message when the backend is neither `memory` nor a Redis URL.
 */
export function loadConfig(overrides: AppConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const backend = overrides.backend ?? env.NECRO_BACKEND ?? 'memory';
  if (backend !== 'memory' && !/^rediss?:\/\//.test(backend)) {
    throw new Error(`the backend must be "memory" or a redis:// URL, got ${JSON.stringify(backend)}`);
  }
  return { backend, creditLimitCents: overrides.creditLimitCents ?? DEFAULT_CREDIT_LIMIT_CENTS };
}

import { BACKEND, maskSecrets, type Backend } from '@necrostack/core';
import { Inject, Injectable } from '@nestjs/common';
import { SpineHost, type SpineState } from '../spine/spine-host';
import { backendHealth, type BackendHealthSummary } from './backend-health';

/**
 * What {@link NecroStackHealthIndicator.isHealthy} reports under its key.
 *
 * @example
 * ```ts
 * const health: NecroStackHealth | undefined = (await indicator.isHealthy()).necrostack;
 * if (health?.status === 'down') console.error(health.spine, health.error);
 * ```
 */
export type NecroStackHealth = BackendHealthSummary & {
  /** `up` unless the backend's health check failed or the Spine stopped on an error. */
  readonly status: 'up' | 'down';
  readonly spine: SpineState;
};

/**
 * A `@nestjs/terminus` health indicator result: `{ [key]: NecroStackHealth }`.
 *
 * @example
 * ```ts
 * const result: NecroStackHealthResult = await indicator.isHealthy('worker'); // { worker: { status: 'up', … } }
 * ```
 */
export type NecroStackHealthResult = Record<string, NecroStackHealth>;

/**
 * The key of the result unless one is given.
 *
 * @example
 * ```ts
 * const { [DEFAULT_HEALTH_KEY]: health } = await indicator.isHealthy();
 * ```
 */
export const DEFAULT_HEALTH_KEY = 'necrostack';

/**
 * A health indicator for `@nestjs/terminus`: the backend's health (latency, pending deliveries,
 * dead letters, from `health()` where the backend has one, as RedisBackend does) and the Spine's
 * state. It is `down` when the backend's check failed or the Spine stopped on an error. The
 * in-memory backend has nothing outside the process to check: it reports `up`, its dead-letter
 * count, and null latency and pending. Provided by `NecroStackModule`; it needs no terminus import
 * of its own (it returns terminus's result shape).
 *
 * @example
 * ```ts
 * @Controller('health')
 * class HealthController {
 *   constructor(private readonly health: HealthCheckService, private readonly necrostack: NecroStackHealthIndicator) {}
 *
 *   @Get()
 *   @HealthCheck()
 *   check() {
 *     return this.health.check([() => this.necrostack.isHealthy()]);
 *   }
 * }
 * ```
 */
@Injectable()
export class NecroStackHealthIndicator {
  constructor(@Inject(BACKEND) private readonly backend: Backend, private readonly host: SpineHost) {}

  /** Checks the backend now; never throws (a failing check is `status: 'down'` with its `error`). */
  async isHealthy(key: string = DEFAULT_HEALTH_KEY): Promise<NecroStackHealthResult> {
    const spine = this.host.state;
    const backend = await backendHealth(this.backend).catch((error: unknown): BackendHealthSummary => ({
      backend: this.backend.constructor.name, healthy: false, latencyMs: null, pending: null, deadLetters: this.backend.deadLetters.size,
      error: maskSecrets(error instanceof Error ? error.message : String(error)),
    }));
    const status = backend.healthy && spine !== 'failed' ? 'up' : 'down';
    return { [key]: { status, spine, ...backend } };
  }
}

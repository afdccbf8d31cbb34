/**
 * @necrostack/nestjs — NecroStack inside a NestJS application: organs are Nest providers (Nest
 * builds them), the Spine is injectable and runs on Nest's lifecycle, logs go through Nest's
 * Logger, and a health indicator plugs into @nestjs/terminus.
 */
export { NecroStackModule } from './necrostack.module';
export type { NecroStackModuleOptions, NecroStackModuleAsyncOptions } from './module-options';
export { InjectBackend } from './inject-backend.decorator';
export { NestLoggerAdapter, DEFAULT_NEST_LOG_CONTEXT, type NestLoggerAdapterOptions } from './logging/nest-logger.adapter';
export {
  NecroStackHealthIndicator, DEFAULT_HEALTH_KEY, type NecroStackHealth, type NecroStackHealthResult,
} from './health/necrostack-health.indicator';
export type { BackendHealthSummary } from './health/backend-health';
export type { SpineState } from './spine/spine-host';
export { SpineNotReadyError } from './errors';

import { ConfigurationError, type Backend, type SpineSettings } from '@necrostack/core';
import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';

/**
 * Options of {@link NecroStackModule.forRoot}.
 *
 * @example
 * ```ts
 * const options: NecroStackModuleOptions = {
 *   backend: new RedisBackend({ url: process.env.REDIS_URL }),
 *   spine: { concurrency: 8, shutdownTimeoutMs: 20_000 },
 *   autoStart: true,
 * };
 * ```
 */
export interface NecroStackModuleOptions {
  /**
   * Where events live: the backend the Spine reads from and `@InjectBackend()` injects. The module
   * owns it: it is closed on application shutdown, after the Spine stopped.
   */
  readonly backend: Backend;
  /**
   * Spine settings: every option of `new Spine()` except `organs` and `backend` (those come from
   * Nest). `shutdownTimeoutMs` is the deadline of the graceful stop on shutdown. Default logger:
   * Nest's `Logger` ({@link NestLoggerAdapter}); pass `logger: createLogger()` for winston JSON.
   */
  readonly spine?: SpineSettings;
  /** Start the Spine (`runForever()`) on application bootstrap. Default true. */
  readonly autoStart?: boolean;
}

/**
 * Options of {@link NecroStackModule.forRootAsync}: the options come from a factory Nest injects.
 *
 * @example
 * ```ts
 * const options: NecroStackModuleAsyncOptions = {
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ backend: new RedisBackend({ url: config.get('REDIS_URL') }) }),
 * };
 * ```
 */
export interface NecroStackModuleAsyncOptions {
  /** Modules whose exported providers `inject` names (a `ConfigModule`, say). */
  readonly imports?: ModuleMetadata['imports'];
  /** Tokens whose providers are passed to `useFactory`, in order. */
  readonly inject?: FactoryProvider['inject'];
  /** Builds the options; may be async (it may connect to something first). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest passes the injected values untyped
  readonly useFactory: (...args: any[]) => NecroStackModuleOptions | Promise<NecroStackModuleOptions>;
}

/** @internal The token of the module's options, as the factory or forRoot gave them, checked. */
export const NECROSTACK_MODULE_OPTIONS = Symbol.for('necrostack:nestjs:MODULE_OPTIONS');

/** @internal Checks what forRoot or the async factory was given. */
export function checkModuleOptions(options: NecroStackModuleOptions | undefined): NecroStackModuleOptions {
  if (!options || typeof options !== 'object') {
    throw new ConfigurationError('NecroStackModule options', 'must be an object: { backend, spine?, autoStart? }');
  }
  const { backend, autoStart } = options;
  if (!backend || typeof backend.enqueue !== 'function' || typeof backend.pull !== 'function') {
    throw new ConfigurationError('backend', 'is required: NecroStackModule.forRoot({ backend: new InMemoryBackend() }) (or a RedisBackend)');
  }
  if (autoStart !== undefined && typeof autoStart !== 'boolean') {
    throw new ConfigurationError('autoStart', `must be true or false, got ${String(autoStart)}`);
  }
  return options;
}

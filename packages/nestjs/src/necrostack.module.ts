import { BACKEND, Spine } from '@necrostack/core';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OrganExplorer } from './discovery/organ-explorer';
import { NecroStackHealthIndicator } from './health/necrostack-health.indicator';
import {
  NECROSTACK_MODULE_OPTIONS, checkModuleOptions, type NecroStackModuleAsyncOptions, type NecroStackModuleOptions,
} from './module-options';
import { SpineHost } from './spine/spine-host';

/**
 * NecroStack in a Nest application, as a global module. Organs are ordinary providers of any
 * module, marked `@Organ()` and `@ListensTo()`: Nest builds them (singletons, class-typed and
 * `@Inject(token)` dependencies), and the module finds them among every module's providers once all
 * exist. It provides `Spine` (injectable by its class), the backend under `BACKEND`
 * (`@InjectBackend()`) and {@link NecroStackHealthIndicator}. The Spine runs on Nest's lifecycle:
 * `runForever()` on application bootstrap (unless `autoStart: false`), a graceful `stop()` before
 * shutdown, the backend closed on shutdown — `app.close()` resolves once in-flight work is settled.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [NecroStackModule.forRoot({ backend: new InMemoryBackend() }), BillingModule],
 * })
 * export class AppModule {}
 *
 * @Module({ providers: [InvoiceService, ChargeCard] }) // ChargeCard is an @Organ()
 * export class BillingModule {}
 * ```
 */
@Module({})
export class NecroStackModule {
  /**
   * The module with options known up front.
   * @throws ConfigurationError when `backend` is missing or `autoStart` is not a boolean.
   *
   * @example
   * ```ts
   * NecroStackModule.forRoot({ backend: new RedisBackend({ url }), spine: { concurrency: 8 } })
   * ```
   */
  static forRoot(options: NecroStackModuleOptions): DynamicModule {
    return withOptions({ provide: NECROSTACK_MODULE_OPTIONS, useValue: checkModuleOptions(options) }, []);
  }

  /**
   * The module with options built by a factory Nest injects (configuration, secrets), which may be async.
   *
   * @example
   * ```ts
   * NecroStackModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ backend: new RedisBackend({ url: config.get('REDIS_URL') }) }),
   * })
   * ```
   */
  static forRootAsync(options: NecroStackModuleAsyncOptions): DynamicModule {
    const { useFactory, inject = [], imports = [] } = options;
    return withOptions({
      provide: NECROSTACK_MODULE_OPTIONS,
      useFactory: async (...args: unknown[]) => checkModuleOptions(await useFactory(...args)),
      inject,
    }, imports);
  }
}

function withOptions(options: Provider, imports: NonNullable<NecroStackModuleAsyncOptions['imports']>): DynamicModule {
  return {
    module: NecroStackModule,
    global: true,
    imports: [DiscoveryModule, ...imports],
    providers: [
      options,
      OrganExplorer,
      SpineHost,
      { provide: BACKEND, useFactory: (resolved: NecroStackModuleOptions) => resolved.backend, inject: [NECROSTACK_MODULE_OPTIONS] },
      { provide: Spine, useFactory: (host: SpineHost) => host.reference, inject: [SpineHost] },
      NecroStackHealthIndicator,
    ],
    exports: [BACKEND, Spine, NecroStackHealthIndicator],
  };
}

// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { BACKEND, LOGGER, Spine, type Backend, type Logger } from '@necrostack/core';
import { container, type DependencyContainer } from 'tsyringe';
import { billingModule } from './billing/billing.module';
import type { AppConfig } from './config/app-config';
import type { AppModuleDefinition } from './module-definition';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';

/** What the application is built from: the backend chosen by configuration, a logger, the config. */
export interface AppModuleOptions {
  readonly backend: Backend;
  readonly logger: Logger;
  readonly config: AppConfig;
}

/** The application, bootstrapped: its container and the Spine built from it. */
export interface App {
  readonly container: DependencyContainer;
  readonly spine: Spine;
}

/** The root module: the feature modules of the application, as NestJS's `AppModule` imports them. */
export function appModules(config: AppConfig): readonly AppModuleDefinition[] {
  return [OrdersModule, billingModule({ creditLimitCents: config.creditLimitCents }), NotificationsModule];
}

/**
 * The application's container, as NestJS builds it from `AppModule`: a child container (never the
 * global one) holding the backend under `BACKEND`, the logger under `LOGGER`, and every module's
 * providers, each a singleton.
 */
export function createAppContainer(options: AppModuleOptions): DependencyContainer {
  const app = container.createChildContainer();
  app.register(BACKEND, { useValue: options.backend });
  app.register(LOGGER, { useValue: options.logger });
  for (const module of appModules(options.config)) module.register(app);
  return app;
}

/**
 * Bootstraps the application, as `NestFactory.create(AppModule)` would: builds its container, then
 * `resolve(Spine)`, which discovers the `@Organ` classes, takes their singletons from the
 * container (repositories and services injected) and reads from the backend under `BACKEND`.
 *
 * @example
 * ```ts
 * const { container, spine } = bootstrap({ backend: new InMemoryBackend(), logger, config: loadConfig() });
 * await container.resolve(BACKEND).enqueue(new Event(ORDER_PLACED, order));
 * await spine.run();
 * ```
 */
export function bootstrap(options: AppModuleOptions): App {
  const app = createAppContainer(options);
  return { container: app, spine: app.resolve(Spine) };
}

import type { DependencyContainer } from 'tsyringe';

/**
 * What a feature module is here, in place of NestJS's `@Module({ providers })`: a name and the
 * providers it registers into the application's container. Providers are singletons, as in NestJS.
 */
export interface AppModuleDefinition {
  readonly name: string;
  register(app: DependencyContainer): void;
}

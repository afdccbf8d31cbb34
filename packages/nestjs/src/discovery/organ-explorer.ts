import { OrganDefinitionError, getOrganMetadata, isOrgan, type ClassType, type Logger } from '@necrostack/core';
import { Injectable, Scope } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

type ProviderWrapper = ReturnType<DiscoveryService['getProviders']>[number];

/**
 * Finds the organs among the providers of every module of the application, as Nest built them.
 * Organs are recognised by core's `isOrgan` on the provider's class (a class provider) or on its
 * instance's class (a factory or value provider).
 */
@Injectable()
export class OrganExplorer {
  constructor(private readonly discovery: DiscoveryService) {}

  /**
   * Every organ instance, once each, in module order. Call it once every provider is built
   * (onModuleInit). An organ class provided by several modules has several instances: the first is
   * used and the others are reported, so no event is delivered twice to one organ.
   * @throws OrganDefinitionError for a request-scoped organ (explicitly, or through a dependency).
   */
  organs(logger: Logger): object[] {
    const found = new Map<ClassType, { instance: object; module: string | undefined }>();
    for (const wrapper of this.discovery.getProviders()) {
      const cls = organClassOf(wrapper);
      if (cls === undefined) continue;
      checkStatic(cls, wrapper);
      const instance = wrapper.instance as object;
      const module = wrapper.host?.name;
      const first = found.get(cls);
      if (first === undefined) found.set(cls, { instance, module });
      else if (first.instance !== instance) {
        logger.warn('Organ provided by more than one module; the Spine uses the first instance only', {
          organ: getOrganMetadata(cls)?.name, used: first.module, ignored: module,
        });
      }
    }
    return [...found.values()].map((organ) => organ.instance);
  }

  /** How many providers of the application are instances of `cls`. */
  countInstancesOf(cls: ClassType): number {
    return this.discovery.getProviders().filter((wrapper) => wrapper.instance instanceof cls).length;
  }
}

function organClassOf(wrapper: ProviderWrapper): ClassType | undefined {
  if (!wrapper.inject && isOrgan(wrapper.metatype)) return wrapper.metatype;
  const instance: unknown = wrapper.instance;
  if (typeof instance === 'object' && instance !== null && isOrgan(instance.constructor)) return instance.constructor;
  return undefined;
}

/** The Spine holds one instance of each organ for the application's lifetime: no request scope. */
function checkStatic(cls: ClassType, wrapper: ProviderWrapper): void {
  if (wrapper.isDependencyTreeStatic()) return;
  const how = wrapper.scope === Scope.REQUEST ? 'is request-scoped (Scope.REQUEST)' : 'depends on a request-scoped provider, which makes it request-scoped';
  throw new OrganDefinitionError(getOrganMetadata(cls)?.name ?? cls.name,
    `${how}; the Spine needs one instance of each organ for the application's lifetime, and events arrive outside any request`,
    'Leave the organ in the default (singleton) scope, and give it singleton dependencies; per-event state belongs in the handler.');
}

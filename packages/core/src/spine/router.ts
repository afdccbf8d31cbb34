import type { Subscription } from '../backend/backend';
import type { Logger } from '../logging/logger';
import type { OrganDefinition } from '../organ/organ-definition';
import type { ClassType } from '../organ/metadata';
import type { BoundHandler, HandlerChains } from './handler-chain';

/**
 * The routing table, computed once: for each consumer group, the handlers of each event type; and
 * for each event type, the DTOs its listeners declared (checked at publish).
 */
export class Router {
  readonly subscriptions: readonly Subscription[];
  private readonly byGroup = new Map<string, Map<string, BoundHandler[]>>();
  private readonly dtosByType = new Map<string, ClassType[]>();
  private readonly organByGroup = new Map<string, string>();

  constructor(organs: readonly OrganDefinition[], chains: HandlerChains, logger: Logger) {
    for (const organ of organs) {
      const table = this.byGroup.get(organ.group) ?? new Map<string, BoundHandler[]>();
      this.byGroup.set(organ.group, table);
      // A shared group's dead letters name the first organ unless a specific one failed.
      if (!this.organByGroup.has(organ.group)) this.organByGroup.set(organ.group, organ.name);
      const organLogger = logger.child({ organ: organ.name });
      for (const binding of organ.handlers) {
        table.set(binding.eventType, [...(table.get(binding.eventType) ?? []), chains.bind(organ, binding, organLogger)]);
        if (binding.payload) {
          const dtos = this.dtosByType.get(binding.eventType) ?? [];
          if (!dtos.includes(binding.payload)) dtos.push(binding.payload);
          this.dtosByType.set(binding.eventType, dtos);
        }
      }
    }
    this.subscriptions = [...this.byGroup].map(([group, table]) => ({
      group,
      eventTypes: [...table.keys()],
      idempotent: organs.some((o) => o.group === group && o.idempotent),
    }));
  }

  /** The handlers a delivery of `eventType` to `group` runs, in organ order. */
  handlers(group: string, eventType: string): readonly BoundHandler[] {
    return this.byGroup.get(group)?.get(eventType) ?? [];
  }

  /** The DTOs declared for `eventType` by any organ. */
  dtos(eventType: string): readonly ClassType[] {
    return this.dtosByType.get(eventType) ?? [];
  }

  /** The organ to name for a failure of `group` that no single handler caused. */
  organOf(group: string): string {
    return this.organByGroup.get(group) ?? group;
  }
}

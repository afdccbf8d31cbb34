import { NO_CAPABILITIES, type Consumer } from '../backend/backend';
import { ConfigurationError } from '../errors';
import type { Event } from '../event/event';
import type { OrganDefinition } from '../organ/organ-definition';

/**
 * Refuses, when the Spine is built, an organ option the backend cannot honour, rather than letting
 * it be ignored at run time.
 * @throws ConfigurationError naming the option, the organ and the backend.
 */
export function checkCapabilities(organs: readonly OrganDefinition[], backend: Consumer): void {
  const capabilities = backend.capabilities ?? NO_CAPABILITIES;
  const idempotent = organs.find((organ) => organ.idempotent);
  if (idempotent && !capabilities.idempotentSubscriptions) {
    throw new ConfigurationError('idempotent', `organ ${idempotent.name} asks for idempotent delivery, which ${backendName(backend)} cannot honour`,
      { help: 'Use a backend that remembers completed events (InMemoryBackend, RedisBackend, PostgresBackend), or drop @Organ({ idempotent: true }) and deduplicate in the handler.' });
  }
}

/**
 * Refuses, when the Spine is built, recurring schedules on a backend that cannot claim ticks.
 * @throws ConfigurationError naming the first schedule and the backend.
 */
export function checkSchedules(schedules: readonly { readonly name: string }[], backend: Consumer): void {
  if (schedules.length === 0 || typeof backend.claimTick === 'function') return;
  throw new ConfigurationError('schedules', `schedule ${schedules[0]?.name} needs a backend that claims ticks (claimTick), which ${backendName(backend)} cannot`,
    { help: 'Use InMemoryBackend, RedisBackend or PostgresBackend, or publish the events from an external scheduler.' });
}

/**
 * Refuses delayed events (with a `deliverAt`) bound for a backend that would deliver them at once:
 * published ones (the publish throws) and emitted ones (the handler's delivery fails).
 */
export class DelayedEventCheck {
  /** Whether the backend holds delayed events until they are due: nothing to check. */
  readonly honoured: boolean;

  constructor(private readonly backend: Consumer) {
    this.honoured = (backend.capabilities ?? NO_CAPABILITIES).delayedDelivery === true;
  }

  /** @throws ConfigurationError naming the first delayed event and the backend. */
  check(events: readonly Event<object>[]): void {
    if (this.honoured) return;
    const delayed = events.find((event) => event.deliverAt !== undefined);
    if (delayed === undefined) return;
    throw new ConfigurationError('deliverAt',
      `event ${delayed.id} (${delayed.eventType}) is to be delivered at ${delayed.deliverAt?.toISOString()}, which ${backendName(this.backend)} cannot honour: it would deliver it at once`,
      { help: 'Use a backend whose capabilities include delayedDelivery (InMemoryBackend, RedisBackend, PostgresBackend), or leave deliverAt and delayMs out.' });
  }
}

function backendName(backend: object): string {
  return backend.constructor?.name && backend.constructor.name !== 'Object' ? backend.constructor.name : 'the backend';
}

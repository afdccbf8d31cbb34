import { NO_CAPABILITIES, type Consumer } from '../backend/backend';
import { ConfigurationError } from '../errors';
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
      { help: 'Use a backend that remembers completed events (InMemoryBackend, RedisBackend), or drop @Organ({ idempotent: true }) and deduplicate in the handler.' });
  }
}

function backendName(backend: object): string {
  return backend.constructor?.name && backend.constructor.name !== 'Object' ? backend.constructor.name : 'the backend';
}

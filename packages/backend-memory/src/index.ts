/**
 * The in-memory backend: events in process memory with the delivery semantics of the durable
 * backends (one consumer group per organ, acks, redelivery on nack, dead letters). It lives in
 * @necrostack/core, whose testing helpers run on it; this package is its public home.
 */
export {
  InMemoryBackend, InMemoryDeadLetterQueue, DEFAULT_MEMORY_MAX_SIZE, DEFAULT_MAX_DELIVERIES,
  type InMemoryBackendOptions,
} from '@necrostack/core/in-memory-backend';

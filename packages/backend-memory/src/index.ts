/**
 * @necrostack/backend-memory — events in process memory, with the delivery semantics of the
 * durable backends: one consumer group per organ, acks, redelivery on nack, dead letters.
 */
export {
  InMemoryBackend, DEFAULT_MEMORY_MAX_SIZE, DEFAULT_MAX_DELIVERIES, DEFAULT_IDEMPOTENCY_WINDOW, type InMemoryBackendOptions,
} from './in-memory-backend';
export { InMemoryDeadLetterQueue } from './in-memory-dead-letter-queue';
export {
  InMemoryFailedEventStore, DEFAULT_FAILED_EVENT_STORE_SIZE, type InMemoryFailedEventStoreOptions,
} from './in-memory-failed-event-store';
export { InMemorySagaStore, DEFAULT_SAGA_STORE_SIZE, type InMemorySagaStoreOptions } from './in-memory-saga-store';

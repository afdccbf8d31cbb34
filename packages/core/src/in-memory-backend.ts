// Entry point of the `@necrostack/core/in-memory-backend` subpath, re-exported by @necrostack/backend-memory.
export {
  InMemoryBackend, DEFAULT_MEMORY_MAX_SIZE, DEFAULT_MAX_DELIVERIES, type InMemoryBackendOptions,
} from './backend/memory/in-memory-backend';
export { InMemoryDeadLetterQueue } from './backend/memory/in-memory-dead-letter-queue';

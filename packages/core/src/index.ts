import 'reflect-metadata';

export {
  NecroStackError, EventValidationError, PayloadValidationError, EnqueueError, BackendUnavailableError,
  BackendFullError, HandlerTimeoutError, MaxStepsExceededError, OrganDefinitionError, ConfigurationError,
  HandlerResultError, EventLoopError, MalformedEntryError, DeliveryExhaustedError, ClosedError, SagaConflictError,
  SagaCorrelationError,
  type EnqueueOutcome, type PayloadViolation,
} from './errors';
export { Event, type EventInit } from './event/event';
export { MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH, type JsonObject, type JsonValue } from './event/json-payload';
export { MAX_EVENT_TYPE_LENGTH } from './event/event-fields';
export type { WireEvent, WireMeta, EncodedEvent } from './event/wire';
export { MAX_HEADER_NAME_LENGTH, MAX_HEADERS_BYTES, type EventHeaders } from './event/event-headers';
export { Organ, type OrganOptions } from './organ/organ.decorator';
export { ListensTo, type ListensToOptions } from './organ/listens-to.decorator';
export { isOrgan, getOrganMetadata, type ClassType, type OrganMetadata } from './organ/metadata';
export { validatePayload, DEFAULT_COMPILED_VALIDATION, type ValidatePayloadOptions } from './validation/payload-validator';
export type {
  Backend, Publisher, Consumer, BackendCapabilities, Subscription, Delivery, EventDelivery, MalformedDelivery, DeadLetter,
  DeadLetterError, Settlement,
} from './backend/backend';
export { NO_CAPABILITIES } from './backend/backend';
export type { Handler, HandlerContext, HandlerMiddleware, HandlerOutcome, HandlerResult, HandlerRetry } from './middleware/handler';
export type {
  FailedEvent, FailedEventStore, WritableFailedEventStore, DeadLetterQueue, ReplayFilter, MaybePromise, ReplayReport, RefusedReplay,
} from './backend/dead-letter';
export { toFailedEvent } from './backend/dead-letter';
export { Spine } from './spine/spine';
export type { Schedule } from './schedule/schedule';
export {
  HandlerFailureMode, EnqueueFailureMode, type SpineOptions, type SpineSettings, type HandlerTiming,
  DEFAULT_MAX_STEPS, DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_MAX_CONSECUTIVE_BACKEND_FAILURES,
  DEFAULT_HANDLER_TIMEOUT_MS, DEFAULT_CONCURRENCY, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS, DEFAULT_MAX_CAUSATION_DEPTH,
} from './spine/spine-options';
export type { SpineStats } from './spine/spine-stats';
export { BACKEND, SPINE_OPTIONS, LOGGER, type ContainerSpineOptions, type DiToken } from './di/tokens';
export { silentLogger, type Logger, type LogFields } from './logging/logger';
export { createLogger, type CreateLoggerOptions, type LogLevel } from './logging/winston-logger';
export { maskSecrets } from './logging/mask-secrets';
export { describeError } from './spine/failure-policy';
export { integerOption, nonEmptyOption } from './options/option-checks';
export { withTimeout } from './internal/with-timeout';
export * from './saga';

/**
 * The attribute, event and metric names NecroStack's spans and metrics use: the OpenTelemetry
 * messaging semantic conventions where they name the thing, `necrostack.*` for the rest. Kept here
 * (not taken from `@opentelemetry/semantic-conventions`) so the package depends on the API only.
 */
export const ATTR = {
  MESSAGING_SYSTEM: 'messaging.system',
  MESSAGING_OPERATION_TYPE: 'messaging.operation.type',
  MESSAGING_OPERATION_NAME: 'messaging.operation.name',
  MESSAGING_DESTINATION_NAME: 'messaging.destination.name',
  MESSAGING_MESSAGE_ID: 'messaging.message.id',
  /** The chain's correlation id: the conventions' name for it. */
  MESSAGING_MESSAGE_CONVERSATION_ID: 'messaging.message.conversation_id',
  MESSAGING_CONSUMER_GROUP_NAME: 'messaging.consumer.group.name',
  MESSAGING_BATCH_MESSAGE_COUNT: 'messaging.batch.message_count',
  ERROR_TYPE: 'error.type',
  EXCEPTION_TYPE: 'exception.type',
  EXCEPTION_MESSAGE: 'exception.message',
  ORGAN: 'necrostack.organ',
  /** The delivery attempt, 1-based (`HandlerContext.attempt`). */
  ATTEMPT: 'necrostack.attempt',
  EVENT_TYPE: 'necrostack.event_type',
  CAUSATION_ID: 'necrostack.causation_id',
  RETRY_TRIES: 'necrostack.retry.tries',
  RETRY_DELAY_MS: 'necrostack.retry.delay_ms',
  DEAD_LETTER_REASON: 'necrostack.dead_letter.reason',
} as const;

/** `messaging.system` of every span and metric. */
export const MESSAGING_SYSTEM = 'necrostack';

/** Operations: `messaging.operation.type` (the conventions' values) and `.name` (ours, in span names). */
export const OPERATION = {
  PROCESS: { type: 'process', name: 'process' },
  /** The conventions replaced the type `publish` with `send`; the operation keeps its name. */
  PUBLISH: { type: 'send', name: 'publish' },
} as const;

/** Span event names. */
export const SPAN_EVENT = {
  RETRY: 'necrostack.retry',
  DEAD_LETTER: 'necrostack.dead_letter',
  REDELIVERY: 'necrostack.redelivery',
} as const;

/** Metric names. */
export const METRIC = {
  PROCESS_DURATION: 'messaging.process.duration',
  CONSUMED_MESSAGES: 'messaging.client.consumed.messages',
  SENT_MESSAGES: 'messaging.client.sent.messages',
  OPERATION_DURATION: 'messaging.client.operation.duration',
  DEAD_LETTERS: 'necrostack.dead_letters',
} as const;

/** The name and version the tracer and meter are obtained with (test/version.spec.ts keeps it equal to package.json). */
export const INSTRUMENTATION_SCOPE = { name: '@necrostack/opentelemetry', version: '0.1.0' } as const;

import { context as otelContext, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { Event } from '@necrostack/core';
import { errorType, type MessagingMetrics } from '../metrics/messaging-metrics';
import { carriesTraceContext, traceHeaders } from '../propagation/event-headers';
import { ATTR, MESSAGING_SYSTEM, OPERATION } from '../semconv';

/** What a traced publisher needs to publish in a PRODUCER span. */
export interface PublishTracing {
  readonly tracer: Tracer;
  readonly noSdk: () => boolean;
  readonly metrics: MessagingMetrics | undefined;
  readonly destination: string | undefined;
}

type Enqueue = (events: readonly Event<object>[]) => Promise<void>;

/**
 * Enqueues `events` with `enqueue` in one PRODUCER span `publish <eventType>` (`publish` alone when
 * the batch mixes types; `messaging.batch.message_count` for a batch, as the messaging conventions
 * ask), a child of the active span, whose context is put in the headers of every event that has
 * none. Events that carry a trace context already (those a traced handler returned, which the
 * Spine enqueues for it) keep theirs; a call made only of them gets no span.
 */
export async function publishTraced(events: readonly Event<object>[], enqueue: Enqueue, tracing: PublishTracing): Promise<void> {
  if (tracing.metrics === undefined && tracing.noSdk()) return enqueue(events);
  const active = otelContext.active();
  const untraced = events.map((event) => !carriesTraceContext(event));
  const count = untraced.filter(Boolean).length;
  if (count === 0 && tracing.metrics === undefined) return enqueue(events);
  const metricAttributes = baseAttributes(events, tracing.destination);
  const started = performance.now();
  let span: Span | undefined;
  let out = events;
  let sending = active;
  if (count > 0) {
    const fresh = events.filter((_, i) => untraced[i]);
    span = tracing.tracer.startSpan(spanName(fresh), { kind: SpanKind.PRODUCER, attributes: spanAttributes(fresh, metricAttributes) }, active);
    sending = trace.setSpan(active, span);
    out = withContext(events, untraced, sending);
  }
  try {
    await otelContext.with(sending, () => enqueue(out));
  } catch (error) {
    span?.recordException(error instanceof Error ? error : String(error));
    span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span?.setAttribute(ATTR.ERROR_TYPE, errorType(error));
    tracing.metrics?.published(metricAttributes, events.length, (performance.now() - started) / 1000, errorType(error));
    throw error;
  } finally {
    span?.end();
  }
  tracing.metrics?.published(metricAttributes, events.length, (performance.now() - started) / 1000, undefined);
}

/** `events` with the context of `sending` in the headers of those marked `untraced`. */
function withContext(events: readonly Event<object>[], untraced: readonly boolean[], sending: Context): readonly Event<object>[] {
  const headers = traceHeaders(sending);
  if (Object.keys(headers).length === 0) return events;
  return events.map((event, i) => (untraced[i] ? event.withHeaders(headers) : event));
}

function spanName(events: readonly Event<object>[]): string {
  const type = commonType(events);
  return type === undefined ? OPERATION.PUBLISH.name : `${OPERATION.PUBLISH.name} ${type}`;
}

/** The attributes of every publish of these events, low in cardinality: the metrics' too. */
function baseAttributes(events: readonly Event<object>[], destination: string | undefined): Attributes {
  const name = destination ?? commonType(events);
  return {
    [ATTR.MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
    [ATTR.MESSAGING_OPERATION_TYPE]: OPERATION.PUBLISH.type,
    [ATTR.MESSAGING_OPERATION_NAME]: OPERATION.PUBLISH.name,
    ...(name === undefined ? {} : { [ATTR.MESSAGING_DESTINATION_NAME]: name }),
  };
}

/** The span's attributes: the base, and the message's id (one event) or the batch's size. */
function spanAttributes(events: readonly Event<object>[], base: Attributes): Attributes {
  if (events.length > 1) return { ...base, [ATTR.MESSAGING_BATCH_MESSAGE_COUNT]: events.length };
  const event = events[0] as Event<object>;
  return {
    ...base,
    [ATTR.MESSAGING_MESSAGE_ID]: event.id,
    [ATTR.MESSAGING_MESSAGE_CONVERSATION_ID]: event.correlationId ?? event.id,
    [ATTR.EVENT_TYPE]: event.eventType,
  };
}

/** The event type all `events` share, if they do. */
function commonType(events: readonly Event<object>[]): string | undefined {
  const type = (events[0] as Event<object> | undefined)?.eventType;
  return events.every((event) => event.eventType === type) ? type : undefined;
}

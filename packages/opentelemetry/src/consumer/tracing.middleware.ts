import { INVALID_SPAN_CONTEXT, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { HandlerMiddleware } from '@necrostack/core';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { hasHeaders, HEADERS_GETTER } from '../propagation/event-headers';
import { resolveTracing, type TracingOptions } from '../tracing-options';
import { BindingNamesCache } from './binding-names';
import { ConsumerCall } from './consumer-call';

/**
 * A handler middleware that runs each delivery in a CONSUMER span named `process <eventType>`,
 * continuing the trace of whoever published the event (the context the global propagator reads
 * from `event.headers`: W3C `traceparent`/`tracestate` by default). The span is active while the
 * handler runs, so the handler's own spans nest under it, and the events the handler returns carry
 * it in their headers. Attributes follow the OpenTelemetry messaging conventions
 * (`messaging.system` = `necrostack`, `messaging.operation.type` = `process`,
 * `messaging.destination.name`, `messaging.message.id`, `messaging.message.conversation_id` = the
 * correlation id, `messaging.consumer.group.name`) plus `necrostack.organ` and `necrostack.attempt`.
 * Each retry is a `necrostack.retry` event; a failure sets status ERROR and records the exception;
 * a dead letter adds a `necrostack.dead_letter` event with the reason.
 *
 * Put it first in the Spine's `middleware`, so its span covers the others. With no OpenTelemetry
 * SDK registered (and no `metrics`) it calls the handler as is.
 *
 * @throws ConfigurationError when an option is invalid.
 * @example
 * ```ts
 * import { tracing, traced } from '@necrostack/opentelemetry';
 *
 * const backend = traced(new RedisBackend({ url, streamKey: 'orders' }), { destination: 'orders' });
 * const spine = new Spine({ organs, backend, middleware: [tracing({ destination: 'orders' })] });
 * ```
 */
export function tracing(options?: TracingOptions): HandlerMiddleware {
  const { tracer, noSdk, meter, destination } = resolveTracing(options);
  const metrics = meter && new MessagingMetrics(meter);
  return (next) => {
    const bindings = new BindingNamesCache(destination);
    return (event, context) => {
      if (metrics === undefined && noSdk()) return next(event, context);
      const names = bindings.of(context);
      // The delivery belongs to the trace of its event, not to whatever context the Spine runs in.
      // (An event without headers carries no context, whatever the propagator.)
      const parent = hasHeaders(event.headers) ? propagation.extract(ROOT_CONTEXT, event.headers, HEADERS_GETTER) : ROOT_CONTEXT;
      const span = tracer.startSpan(names.spanName, { kind: SpanKind.CONSUMER, attributes: names.attributes() }, parent);
      if (!span.isRecording() && metrics === undefined) {
        const spanContext = span.spanContext();
        // Nothing to record or to pass on. (Sampled out, the context still goes on, with its decision.)
        if (spanContext === INVALID_SPAN_CONTEXT || !isSpanContextValid(spanContext)) return next(event, context);
      }
      return new ConsumerCall(span, trace.setSpan(parent, span), context, names, metrics).run(next, event);
    };
  };
}

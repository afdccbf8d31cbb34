/**
 * @necrostack/opentelemetry — OpenTelemetry tracing (and, as an option, metrics) for NecroStack:
 * `tracing()` runs every delivery in a CONSUMER span that continues the publisher's trace, and
 * `traced(backend)` publishes in PRODUCER spans whose context travels in the events' headers — in
 * the Redis entry's `meta` field across processes. Depends on `@opentelemetry/api` only: the SDK
 * (and its exporter) is the application's. See docs/tracing.md.
 */
export { tracing } from './consumer/tracing.middleware';
export { traced } from './producer/traced-publisher';
export type { TracingOptions } from './tracing-options';
export { ATTR, METRIC, MESSAGING_SYSTEM, OPERATION, SPAN_EVENT, INSTRUMENTATION_SCOPE } from './semconv';

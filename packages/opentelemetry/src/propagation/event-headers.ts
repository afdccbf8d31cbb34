import { isSpanContextValid, propagation, ROOT_CONTEXT, trace, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { Event, EventHeaders } from '@necrostack/core';

/** Reads trace context from an event's headers, for the global propagator. */
export const HEADERS_GETTER: TextMapGetter<EventHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

const HEADERS_SETTER: TextMapSetter<Record<string, string>> = {
  set: (headers, key, value) => {
    headers[key] = value;
  },
};

/** The headers the global propagator writes for `context` (`traceparent`, `tracestate`…); empty when it writes none. */
export function traceHeaders(context: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context, headers, HEADERS_SETTER);
  return headers;
}

/** Whether `headers` has any header (without building the list of their names). */
export function hasHeaders(headers: EventHeaders): boolean {
  for (const _name in headers) return true;
  return false;
}

/** Whether the event's headers carry a span context the global propagator can read. */
export function carriesTraceContext(event: Event<object>): boolean {
  if (!hasHeaders(event.headers)) return false;
  const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, event.headers, HEADERS_GETTER));
  return spanContext !== undefined && isSpanContextValid(spanContext);
}


import { ConfigurationError, type Event, type Publisher } from '@necrostack/core';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { resolveTracing, type TracingOptions } from '../tracing-options';
import { publishTraced, type PublishTracing } from './publish-call';

/**
 * `publisher` (a backend, or any {@link Publisher}) with its `enqueue` traced: each call runs in a
 * PRODUCER span `publish <eventType>`, a child of the active span (a root span when none is
 * active), and every event it stores carries that span's context in its headers (W3C
 * `traceparent`/`tracestate`, through the global propagator), so the organs that handle them
 * continue the trace — in this process or another one reading the same Redis stream. Events that
 * already carry a trace context keep it. Everything else is the publisher's own: the result has
 * its type (a `RedisBackend` stays one, `metrics` and `health()` included), and a Spine given it
 * publishes through it.
 *
 * With no OpenTelemetry SDK registered, events are enqueued as they are.
 *
 * @throws ConfigurationError when `publisher` has no `enqueue` method, or an option is invalid.
 * @example
 * ```ts
 * const backend = traced(new RedisBackend({ url }));
 * await tracer.startActiveSpan('POST /orders', async (span) => {
 *   await backend.enqueue(new Event('ORDER_PLACED', order)); // a child span, and the context in the headers
 *   span.end();
 * });
 * ```
 */
export function traced<P extends Publisher>(publisher: P, options?: TracingOptions): P {
  if (typeof (publisher as Partial<Publisher> | null)?.enqueue !== 'function') {
    throw new ConfigurationError('publisher', 'must be a backend or a Publisher (an object with enqueue(events))');
  }
  const { tracer, noSdk, meter, destination } = resolveTracing(options);
  const tracing: PublishTracing = { tracer, noSdk, metrics: meter && new MessagingMetrics(meter), destination };
  const enqueue = (events: readonly Event<object>[]): Promise<void> => publisher.enqueue(events);
  const tracedEnqueue = (events: Event<object> | readonly Event<object>[]): Promise<void> =>
    publishTraced(Array.isArray(events) ? (events as readonly Event<object>[]) : [events as Event<object>], enqueue, tracing);
  const bound = new Map<unknown, unknown>();
  // A proxy, not a wrapper class: the publisher keeps its whole type. Its methods are bound to it,
  // so those that use private fields (#x) work; they are bound once each.
  return new Proxy(publisher, {
    get(target, property) {
      if (property === 'enqueue') return tracedEnqueue;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = bound.get(value);
      if (method === undefined) bound.set(value, (method = (value as (...args: unknown[]) => unknown).bind(target)));
      return method;
    },
  });
}

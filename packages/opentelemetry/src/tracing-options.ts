import { metrics, ProxyTracerProvider, trace, type Meter, type MeterProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { ConfigurationError } from '@necrostack/core';
import { INSTRUMENTATION_SCOPE } from './semconv';

/** Options of {@link tracing} and {@link traced}; every one has a default. */
export interface TracingOptions {
  /** Where spans go. Default: the global tracer provider, i.e. the SDK the application registered (none: no spans). */
  readonly tracerProvider?: TracerProvider;
  /**
   * Also record metrics through the OpenTelemetry metrics API: handler durations
   * (`messaging.process.duration`), deliveries (`messaging.client.consumed.messages`), dead letters
   * (`necrostack.dead_letters`), and on the publishing side `messaging.client.sent.messages` and
   * `messaging.client.operation.duration`. Default false.
   */
  readonly metrics?: boolean;
  /** Where metrics go, with `metrics: true`. Default: the global meter provider. */
  readonly meterProvider?: MeterProvider;
  /**
   * `messaging.destination.name`: where events are stored, e.g. the Redis stream key. Default: the
   * event type. Span names always name the event type (`process ORDER_PLACED`).
   */
  readonly destination?: string;
}

/** Options with their defaults applied, and the tracer and meter to use. */
export interface ResolvedTracing {
  readonly tracer: Tracer;
  /** True while no SDK is registered behind the global tracer provider: every span would be the API's no-op. */
  readonly noSdk: () => boolean;
  readonly meter: Meter | undefined;
  readonly destination: string | undefined;
}

/**
 * Checks `options` and obtains the tracer (and the meter, with `metrics: true`). The global
 * providers are proxies: an SDK registered after this call is still used.
 * @throws ConfigurationError naming the option that is wrong.
 */
export function resolveTracing(options: TracingOptions | undefined): ResolvedTracing {
  if (options === undefined) return { ...tracerOf(trace.getTracerProvider()), meter: undefined, destination: undefined };
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('tracing', `options must be an object, got ${String(options)}`);
  const { tracerProvider, meterProvider, destination } = options;
  if (tracerProvider !== undefined && typeof tracerProvider.getTracer !== 'function') {
    throw new ConfigurationError('tracerProvider', 'must be an OpenTelemetry TracerProvider (with getTracer())');
  }
  if (meterProvider !== undefined && typeof meterProvider.getMeter !== 'function') {
    throw new ConfigurationError('meterProvider', 'must be an OpenTelemetry MeterProvider (with getMeter())');
  }
  if (options.metrics !== undefined && typeof options.metrics !== 'boolean') {
    throw new ConfigurationError('metrics', `must be true or false, got ${String(options.metrics)}`);
  }
  if (destination !== undefined && (typeof destination !== 'string' || destination.trim() === '')) {
    throw new ConfigurationError('destination', `must be a non-empty string, got ${JSON.stringify(destination)}`);
  }
  const meters = options.metrics === true ? meterProvider ?? metrics.getMeterProvider() : undefined;
  return {
    ...tracerOf(tracerProvider ?? trace.getTracerProvider()),
    meter: meters?.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version),
    destination,
  };
}

// What the global proxy delegates to while no SDK is registered (one object for the API's lifetime).
const NO_SDK = new ProxyTracerProvider().getDelegate();
const never = (): boolean => false;

/**
 * The tracer, and whether it is the API's no-op for now. The global provider is a proxy that an
 * SDK registered later delegates to; asking it on each call costs a property read, where asking
 * the no-op for a span costs allocations, so a delivery with no SDK allocates nothing.
 */
function tracerOf(provider: TracerProvider): Pick<ResolvedTracing, 'tracer' | 'noSdk'> {
  const tracer = provider.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
  if (!(provider instanceof ProxyTracerProvider)) return { tracer, noSdk: never };
  return { tracer, noSdk: () => provider.getDelegate() === NO_SDK };
}

import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The OpenTelemetry SDK of a `--trace` run: every span kept in memory, to be printed as a tree. */
export interface TraceRecorder {
  /** Every span ended so far. */
  spans(): readonly ReadableSpan[];
  /** Unregisters the SDK (the API goes back to its no-op). */
  stop(): Promise<void>;
}

/**
 * Registers the SDK as an application does at start-up — tracer provider, AsyncLocalStorage
 * context manager, W3C propagator — with an exporter that keeps the spans. A service would export
 * them over OTLP instead (see docs/tracing.md); this run prints them.
 */
export function startTraceRecorder(): TraceRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

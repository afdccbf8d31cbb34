import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type Sampler,
} from '@opentelemetry/sdk-trace-base';

/** The real OpenTelemetry SDK, registered globally as an application does, exporting to memory. */
export interface TestSdk {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  /** Every span ended so far. */
  spans(): ReadableSpan[];
  /** The one ended span named `name`; fails when there is none or several. */
  span(name: string): ReadableSpan;
  /** Unregisters everything, so the next test starts with no SDK. */
  shutdown(): Promise<void>;
}

/** Registers a tracer provider (in-memory exporter), the AsyncLocalStorage context manager and the W3C propagator. */
export function installSdk(options: { sampler?: Sampler } = {}): TestSdk {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)], ...options });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    exporter,
    provider,
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span named ${name}, found ${found.length}: ${exporter.getFinishedSpans().map((s) => s.name).join(', ')}`);
      return found[0] as ReadableSpan;
    },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The id of the span's parent, or undefined for a root span. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** Whether `descendant` is below `ancestor` in the spans' tree. */
export function descendsFrom(descendant: ReadableSpan, ancestor: ReadableSpan, spans: readonly ReadableSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  for (let parent = parentOf(descendant); parent !== undefined; parent = parentOf(byId.get(parent) as ReadableSpan)) {
    if (parent === ancestor.spanContext().spanId) return true;
    if (!byId.has(parent)) return false;
  }
  return false;
}

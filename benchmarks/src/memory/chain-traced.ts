import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator, ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { tracing } from '@necrostack/opentelemetry';
import { necrostackChain } from './chain-necrostack';

/** Drops every span: what the SDK costs, without the cost of an exporter's I/O. */
class NoopExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * PING → Relay → PONG → Sink with `tracing()` in the Spine's middleware: a CONSUMER span per
 * handler call, and PONG given Relay's span context in its headers.
 * `sdk: false`: no OpenTelemetry SDK registered (the API's no-op). `sdk: true`: the SDK registered
 * for the run (tracer provider, batch span processor, AsyncLocalStorage context manager, W3C
 * propagator) with an exporter that drops the spans, and unregistered afterwards.
 */
export async function tracedChain(inputs: number, options: { sdk: boolean }): Promise<number> {
  if (!options.sdk) return necrostackChain(inputs, { middleware: [tracing()] });
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new NoopExporter())] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  try {
    return await necrostackChain(inputs, { middleware: [tracing()] });
  } finally {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

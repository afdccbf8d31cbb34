// tracing() and traced() with the real OpenTelemetry SDK, on the in-memory backend.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger, type HandlerContext, type SpineSettings } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { AlwaysOffSampler, ParentBasedSampler, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { traced, tracing } from '../src';
import { descendsFrom, installSdk, parentOf, type TestSdk } from './support/sdk';
import { Declined, Relay, Sink } from './support/organs';

describe('tracing() with the OpenTelemetry SDK', () => {
  let sdk: TestSdk;
  beforeEach(() => { sdk = installSdk(); });
  afterEach(async () => { await sdk.shutdown(); });

  function spineOf(organs: object[], settings: SpineSettings = {}): { spine: Spine; backend: InMemoryBackend } {
    const backend = new InMemoryBackend({ maxDeliveries: 2 });
    const spine = new Spine({ organs, backend: traced(backend), logger: silentLogger, middleware: [tracing()], retryBaseDelayMs: 1, ...settings });
    return { spine, backend };
  }

  describe('when PING is published inside an active span, Relay returns PONG and Sink handles it', () => {
    async function runChain() {
      const sink = new Sink();
      const { spine } = spineOf([new Relay(), sink]);
      const ping = new Event('PING', { n: 1 });
      await trace.getTracer('test-app').startActiveSpan('POST /ping', async (root) => {
        await spine.publish(ping);
        root.end();
      });
      await spine.run();
      expect(sink.handled).toBe(1);
      return { ping, spans: sdk.spans(), root: sdk.span('POST /ping'), relay: sdk.span('process PING'), sink: sdk.span('process PONG') };
    }

    it('puts every span in the root\'s trace', async () => {
      const { spans, root } = await runChain();
      expect(spans.map((s) => s.name).sort()).toEqual(['POST /ping', 'process PING', 'process PONG', 'publish PING', 'relay work']);
      for (const span of spans) expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
    });

    it('nests publish under the root, Relay\'s delivery under publish, and Sink\'s under Relay\'s', async () => {
      const { spans, root, relay, sink } = await runChain();
      const publish = sdk.span('publish PING');
      expect(publish.kind).toBe(SpanKind.PRODUCER);
      expect(parentOf(publish)).toBe(root.spanContext().spanId);
      expect(parentOf(relay)).toBe(publish.spanContext().spanId);
      expect(parentOf(sdk.span('relay work'))).toBe(relay.spanContext().spanId);
      expect(parentOf(sink)).toBe(relay.spanContext().spanId);
      expect(descendsFrom(sink, root, spans)).toBe(true);
    });

    it('gives each delivery a CONSUMER span with the messaging attributes', async () => {
      const { ping, relay, sink } = await runChain();
      expect(relay.kind).toBe(SpanKind.CONSUMER);
      expect(relay.attributes).toEqual({
        'messaging.system': 'necrostack',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': 'PING',
        'messaging.consumer.group.name': 'Relay',
        'messaging.message.id': ping.id,
        'messaging.message.conversation_id': ping.id,
        'necrostack.organ': 'Relay',
        'necrostack.event_type': 'PING',
        'necrostack.attempt': 1,
      });
      expect(sink.attributes).toMatchObject({
        'messaging.destination.name': 'PONG',
        'messaging.consumer.group.name': 'Sink',
        'messaging.message.conversation_id': ping.id,
        'necrostack.causation_id': ping.id,
        'necrostack.attempt': 1,
      });
      expect(relay.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('gives the PRODUCER span the send attributes of one message', async () => {
      const { ping } = await runChain();
      expect(sdk.span('publish PING').attributes).toEqual({
        'messaging.system': 'necrostack',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': 'PING',
        'messaging.message.id': ping.id,
        'messaging.message.conversation_id': ping.id,
        'necrostack.event_type': 'PING',
      });
    });
  });

  it('keeps the headers a handler gave the events it returns, beside the trace context', async () => {
    const recorder = new HeaderRecorder();
    const { spine } = spineOf([new Relay(), recorder]);
    await spine.run(new Event('PING', { n: 1 }));
    expect(recorder.headers).toEqual([{ tenant: 'acme', traceparent: expect.stringContaining(sdk.span('process PING').spanContext().spanId) }]);
  });

  describe('when an organ fails', () => {
    it('sets status ERROR, records the exception, a retry event per retry and the dead letter with its reason', async () => {
      const { spine } = spineOf([new Declined()], { retryAttempts: 3 });
      await spine.run(new Event('CHARGE', {}));
      const span = sdk.span('process CHARGE');
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
      expect(span.attributes['error.type']).toBe('TypeError');
      expect(span.events.map((e) => e.name)).toEqual(['necrostack.retry', 'necrostack.retry', 'exception', 'necrostack.dead_letter']);
      const [first, second, exception, deadLetter] = span.events;
      expect(first?.attributes).toMatchObject({
        'necrostack.retry.tries': 1, 'exception.type': 'TypeError', 'exception.message': 'card declined', 'necrostack.retry.delay_ms': expect.any(Number),
      });
      expect(second?.attributes?.['necrostack.retry.tries']).toBe(2);
      expect(exception?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'card declined' });
      expect(deadLetter?.attributes).toEqual({ 'necrostack.dead_letter.reason': 'card declined', 'error.type': 'TypeError' });
      expect((await spine.failedEventStore.getAll())).toHaveLength(1);
    });

    it('shows the retries of a call that then succeeded, and no error', async () => {
      const { spine } = spineOf([new Declined(1)], { retryAttempts: 3 });
      await spine.run(new Event('CHARGE', {}));
      const span = sdk.span('process CHARGE');
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.events.map((e) => e.name)).toEqual(['necrostack.retry']);
    });

    it('gives each delivery of NACK mode its span: the redelivery, then the dead letter, with the attempt', async () => {
      const { spine } = spineOf([new Declined()], { retryAttempts: 1, handlerFailureMode: HandlerFailureMode.NACK });
      await spine.run(new Event('CHARGE', {}));
      const spans = sdk.spans().filter((s) => s.name === 'process CHARGE');
      expect(spans.map((s) => s.attributes['necrostack.attempt'])).toEqual([1, 2]);
      expect(spans.map((s) => s.events.map((e) => e.name))).toEqual([
        ['exception', 'necrostack.redelivery'], ['exception', 'necrostack.dead_letter'],
      ]);
    });
  });

  describe('publishing through traced()', () => {
    it('puts a batch of one type in one span, with its size, and its context in every event', async () => {
      const backend = new InMemoryBackend();
      const events = [new Event('PING', { n: 1 }), new Event('PING', { n: 2 })];
      await traced(backend).enqueue(events);
      const span = sdk.span('publish PING');
      expect(parentOf(span)).toBeUndefined();
      expect(span.attributes).toMatchObject({ 'messaging.batch.message_count': 2, 'messaging.destination.name': 'PING' });
      expect(span.attributes['messaging.message.id']).toBeUndefined();
      const stored = await pulledEvents(backend, ['PING']);
      expect(stored.map((e) => e.headers.traceparent)).toEqual([traceparentOf(span), traceparentOf(span)]);
      expect(stored.map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it('names a batch of several types "publish", with the stream as destination when given', async () => {
      const backend = traced(new InMemoryBackend(), { destination: 'orders' });
      await backend.enqueue([new Event('PING', {}), new Event('PONG', {})]);
      expect(sdk.span('publish').attributes).toMatchObject({ 'messaging.destination.name': 'orders', 'messaging.batch.message_count': 2 });
    });

    it('leaves events that carry a trace context alone, and makes no span for them', async () => {
      const backend = new InMemoryBackend();
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      await traced(backend).enqueue(new Event('PING', {}, { headers: { traceparent } }));
      expect(sdk.spans()).toEqual([]);
      expect((await pulledEvents(backend, ['PING']))[0]?.headers).toEqual({ traceparent });
    });

    it('fails like the backend, with the span in ERROR', async () => {
      const backend = traced(new InMemoryBackend({ maxSize: 1 }));
      await expect(backend.enqueue([new Event('PING', {}), new Event('PING', {})])).rejects.toThrow(/full/i);
      const span = sdk.span('publish PING');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('BackendFullError');
    });

    it('keeps the rest of the backend as it is', async () => {
      const inner = new InMemoryBackend({ maxDeliveries: 7 });
      const backend = traced(inner);
      expect(backend).toBeInstanceOf(InMemoryBackend);
      expect(backend.maxDeliveries).toBe(7);
      expect(backend.deadLetters).toBe(inner.deadLetters);
      expect(backend.pull).toBe(backend.pull);
      await backend.close();
    });
  });

  it('passes a sampled-out trace on without recording it', async () => {
    await sdk.shutdown();
    sdk = installSdk({ sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) });
    const recorder = new HeaderRecorder();
    const { spine } = spineOf([new Relay(), recorder]);
    await spine.run(new Event('PING', { n: 1 }));
    expect(sdk.spans()).toEqual([]);
    expect(recorder.headers[0]?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });
});

describe('tracing() with no SDK', () => {
  it('calls the handler as is: a synchronous handler stays synchronous and its events get no headers', () => {
    const pong = new Event('PONG', {});
    const handler = tracing()(() => pong);
    const result = handler(new Event('PING', {}), contextOf('Relay', 'PING'));
    expect(result).toBe(pong);
  });

  it('uses an SDK registered after it was made', async () => {
    const handler = tracing()(() => undefined);
    const publisher = traced(new InMemoryBackend());
    const sdk = installSdk();
    try {
      await publisher.enqueue(new Event('PING', {}));
      handler(new Event('PING', {}), contextOf('Relay', 'PING'));
      expect(sdk.spans().map((s) => s.name)).toEqual(['publish PING', 'process PING']);
    } finally {
      await sdk.shutdown();
    }
  });

  it('publishes events as they are', async () => {
    const backend = new InMemoryBackend();
    await traced(backend).enqueue(new Event('PING', {}));
    expect((await pulledEvents(backend, ['PING']))[0]?.headers).toEqual({});
  });
});

describe('options', () => {
  it.each([
    [{ destination: '' }, /destination: must be a non-empty string/],
    [{ metrics: 'yes' }, /metrics: must be true or false/],
    [{ tracerProvider: {} }, /tracerProvider: must be an OpenTelemetry TracerProvider/],
    [{ meterProvider: 1 }, /meterProvider: must be an OpenTelemetry MeterProvider/],
    ['fast', /tracing: options must be an object/],
  ])('refuses %p', (options, message) => {
    expect(() => tracing(options as never)).toThrow(message);
    expect(() => traced(new InMemoryBackend(), options as never)).toThrow(message);
  });

  it('refuses to trace something that is not a publisher', () => {
    expect(() => traced({} as never)).toThrow(/publisher: must be a backend or a Publisher/);
  });
});

@Organ({ name: 'HeaderRecorder' })
@ListensTo('PONG')
class HeaderRecorder {
  readonly headers: Record<string, string>[] = [];
  handle(event: Event): void {
    this.headers.push({ ...event.headers });
  }
}

/** The events a fresh group of these types is handed: what the backend stored. */
async function pulledEvents(backend: InMemoryBackend, eventTypes: string[]): Promise<Event[]> {
  await backend.subscribe([{ group: 'inspector', eventTypes }]);
  const deliveries = await backend.pull(100, 0);
  return deliveries.flatMap((d) => (d.kind === 'event' ? [d.event] : []));
}

function traceparentOf(span: ReadableSpan): string {
  const { traceId, spanId } = span.spanContext();
  return `00-${traceId}-${spanId}-01`;
}

function contextOf(organ: string, eventType: string): HandlerContext {
  return {
    organ, eventType, group: organ, attempt: 1, signal: new AbortController().signal, logger: silentLogger,
    onRetry: () => undefined, onOutcome: () => undefined,
  };
}

// The trace context over Redis: in the entry's `meta` field, read back by another backend instance.
import { trace } from '@opentelemetry/api';
import { Event, Spine, silentLogger } from '@necrostack/core';
import { traced, tracing } from '../src';
import { Relay, Sink } from './support/organs';
import { RedisSpace } from './support/redis-space';
import { installSdk, parentOf, type TestSdk } from './support/sdk';

describe('tracing over Redis', () => {
  let sdk: TestSdk;
  let space: RedisSpace;
  beforeEach(() => {
    sdk = installSdk();
    space = new RedisSpace();
  });
  afterEach(async () => {
    await space.cleanup();
    await sdk.shutdown();
  });

  it('carries the context in the meta field, so a worker on its own connection continues the trace', async () => {
    const publisher = traced(space.backend(), { destination: space.streamKey });
    const ping = new Event('PING', { n: 1 });
    await trace.getTracer('test-app').startActiveSpan('POST /ping', async (root) => {
      await publisher.enqueue(ping);
      root.end();
    });

    const [entry] = await space.entries();
    expect(Object.keys(JSON.parse(entry?.event ?? '{}') as object).sort()).toEqual(['event_type', 'id', 'payload', 'timestamp']);
    const publish = sdk.span('publish PING');
    expect((JSON.parse(entry?.meta ?? '{}') as { headers?: Record<string, string> }).headers?.traceparent)
      .toBe(`00-${publish.spanContext().traceId}-${publish.spanContext().spanId}-01`);

    const sink = new Sink();
    const worker = new Spine({
      organs: [new Relay(), sink], backend: traced(space.backend()), logger: silentLogger,
      middleware: [tracing({ destination: space.streamKey })],
    });
    await worker.run();
    expect(sink.handled).toBe(1);
    const [root, relay, pong] = [sdk.span('POST /ping'), sdk.span('process PING'), sdk.span('process PONG')];
    for (const span of [publish, relay, pong]) expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(parentOf(relay)).toBe(publish.spanContext().spanId);
    expect(parentOf(pong)).toBe(relay.spanContext().spanId);
    expect(relay.attributes['messaging.destination.name']).toBe(space.streamKey);
  });
});

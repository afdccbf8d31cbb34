// tracing({ metrics: true }) and traced(…, { metrics: true }) with the real metrics SDK.
import { Event, Spine, silentLogger } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { MeterProvider, MetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { traced, tracing } from '../src';
import { Declined, Relay, Sink } from './support/organs';

/** A reader the test collects from when it wants. */
class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  async metric(name: string): Promise<MetricData> {
    const { resourceMetrics } = await this.collect();
    const found = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
    if (!found) throw new Error(`no metric ${name}`);
    return found;
  }
}

describe('metrics', () => {
  let reader: TestReader;
  let meterProvider: MeterProvider;
  beforeEach(() => {
    reader = new TestReader();
    meterProvider = new MeterProvider({ readers: [reader] });
  });
  afterEach(async () => { await meterProvider.shutdown(); });

  const pointsOf = (metric: MetricData) => metric.dataPoints as DataPoint<unknown>[];

  it('records handler durations and deliveries per organ, with the error type of failures, and dead letters', async () => {
    const options = { metrics: true, meterProvider };
    const spine = new Spine({
      organs: [new Relay(), new Sink(), new Declined()], backend: traced(new InMemoryBackend(), options), logger: silentLogger,
      middleware: [tracing(options)], retryAttempts: 1,
    });
    await spine.run([new Event('PING', { n: 1 }), new Event('PING', { n: 2 }), new Event('CHARGE', {})]);

    const consumed = pointsOf(await reader.metric('messaging.client.consumed.messages'));
    const byOrgan = Object.fromEntries(consumed.map((p) => [`${String(p.attributes['necrostack.organ'])} ${String(p.attributes['error.type'] ?? 'ok')}`, p.value]));
    expect(byOrgan).toEqual({ 'Relay ok': 2, 'Sink ok': 2, 'Declined TypeError': 1 });
    expect(consumed[0]?.attributes).toMatchObject({
      'messaging.system': 'necrostack', 'messaging.operation.name': 'process', 'messaging.consumer.group.name': expect.any(String),
    });

    const durations = await reader.metric('messaging.process.duration');
    expect(durations.descriptor.unit).toBe('s');
    const relay = pointsOf(durations).find((p) => p.attributes['necrostack.organ'] === 'Relay') as DataPoint<Histogram>;
    expect(relay.value.count).toBe(2);

    const deadLetters = pointsOf(await reader.metric('necrostack.dead_letters'));
    expect(deadLetters.map((p) => [p.attributes['necrostack.organ'], p.attributes['error.type'], p.value])).toEqual([['Declined', 'TypeError', 1]]);
  });

  it('counts published events by destination, without message ids', async () => {
    const backend = traced(new InMemoryBackend(), { metrics: true, meterProvider, destination: 'orders' });
    await backend.enqueue([new Event('PING', {}), new Event('PING', {})]);
    await backend.enqueue(new Event('PONG', {}));
    const sent = pointsOf(await reader.metric('messaging.client.sent.messages'));
    expect(sent.map((p) => [p.attributes, p.value])).toEqual([[{
      'messaging.system': 'necrostack', 'messaging.operation.type': 'send', 'messaging.operation.name': 'publish', 'messaging.destination.name': 'orders',
    }, 3]]);
    expect(pointsOf(await reader.metric('messaging.client.operation.duration'))).toHaveLength(1);
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { OtlpCollector, type CollectedSpan } from './otlp-collector';
import { fixture, lines, REDIS_URL, startWorker, waitFor } from './helpers';
import { useTestSpace } from './test-space';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a Node script from the repository root to its end; resolves with its stdout. */
function runNode(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${script} exited with ${String(code)}: ${stderr}`));
    });
  });
}

describe('necro worker --tracing', () => {
  const space = useTestSpace();
  const collector = new OtlpCollector();
  let endpoint = '';
  beforeAll(async () => { endpoint = await collector.start(); });
  afterAll(() => collector.stop());

  const otelEnv = (): Record<string, string> => ({
    OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
    OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  const named = (name: string): CollectedSpan => {
    const found = collector.spans.filter((span) => span.name === name);
    expect(found).toHaveLength(1);
    return found[0] as CollectedSpan;
  };

  it('continues the trace of a producer process: every span, in both processes, has one trace id', async () => {
    const worker = await startWorker(['--organs', fixture('traced-organs.js'), ...space.conn, '--tracing'], {
      env: { ...otelEnv(), NECRO_TEST_RECORD: space.record('sink') },
    });
    expect(worker.stdout).toContain('Tracing started');
    const printed = await runNode(fixture('traced-producer.js'), { ...otelEnv(), NECRO_TEST_STREAM: space.stream, REDIS_URL });
    const pingId = printed.trim();
    await waitFor(() => lines(space.record('sink')).length === 1, 15_000, 'Sink to handle the PONG');
    await waitFor(() => collector.spans.some((span) => span.name === 'process PONG'), 15_000, 'the worker to export its spans');
    expect((await worker.stop()).code).toBe(0);

    const [checkout, publish, relay, sink] = ['checkout', 'publish PING', 'process PING', 'process PONG'].map(named) as CollectedSpan[];
    expect([checkout.service, publish.service, relay.service, sink.service]).toEqual(['test-producer', 'test-producer', 'necro-worker', 'necro-worker']);
    for (const span of [publish, relay, sink]) expect(span.traceId).toBe(checkout.traceId);
    expect(publish.parentSpanId).toBe(checkout.spanId);
    expect(relay.parentSpanId).toBe(publish.spanId);
    expect(sink.parentSpanId).toBe(relay.spanId);
    expect(relay.attributes).toMatchObject({
      'messaging.system': 'necrostack', 'messaging.operation.type': 'process', 'messaging.destination.name': space.stream,
      'messaging.message.id': pingId, 'messaging.consumer.group.name': 'Relay', 'necrostack.organ': 'Relay',
    });
  });
});

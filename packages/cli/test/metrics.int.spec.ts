import { fixture, freePort, lines, startWorker, streamLength, waitFor } from './helpers';
import { useTestSpace } from './test-space';

const ORGANS = `${fixture('recorder.organ.js')},${fixture('failing.organ.js')}`;

// The Prometheus text format: comments, or `name{labels} value`.
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? -?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|\+Inf|-Inf)$/;

function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    if (!SAMPLE.test(line)) throw new Error(`Not Prometheus text: ${line}`);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('necro worker --metrics-port', () => {
  const space = useTestSpace();

  it('serves Prometheus metrics that count the work done, and the probes', async () => {
    const port = await freePort();
    const worker = await startWorker(['--organs', ORGANS, ...space.conn, '--metrics-port', String(port), '--retry-attempts', '1'],
      { env: { NECRO_TEST_RECORD: space.record('handled') } });
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/nothing`)).status).toBe(404);

    await space.publish([
      ...Array.from({ length: 10 }, (_, n) => ({ event_type: 'REC', payload: { n } })),
      ...Array.from({ length: 2 }, (_, n) => ({ event_type: 'BOOM', payload: { n } })),
    ]);
    await waitFor(async () => lines(space.record('handled')).length === 10 && (await streamLength(space.dlq)) === 4, 10_000, 'the work');

    let samples = new Map<string, number>();
    await waitFor(async () => {
      const response = await fetch(`${url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      samples = parse(await response.text());
      return samples.get('necro_events_handled_total{organ="Recorder",event_type="REC"}') === 10
        && samples.get('necro_events_dead_lettered_total{organ="FailB",event_type="BOOM"}') === 2;
    }, 5_000, 'the counters');
    expect(samples.get('necro_events_dead_lettered_total{organ="FailA",event_type="BOOM"}')).toBe(2);
    expect(samples.get('necro_events_failed_total{organ="FailA",event_type="BOOM"}')).toBe(2);
    expect(samples.get('necro_delivery_duration_seconds_count{organ="Recorder"}')).toBe(10);
    expect(samples.get('necro_handler_duration_seconds_count{organ="Recorder",event_type="REC",outcome="ok"}')).toBe(10);
    expect(samples.get('necro_handler_duration_seconds_count{organ="FailA",event_type="BOOM",outcome="error"}')).toBe(2);
    expect(samples.get(`necro_group_pending{stream="${space.stream}",group="necrostack:Recorder"}`)).toBe(0);
    expect(samples.get(`necro_group_lag{stream="${space.stream}",group="necrostack:Recorder"}`)).toBe(0);
    expect(samples.get('necro_dead_letters')).toBe(4);
    expect(samples.get('necro_backend_up')).toBe(1);
    expect(samples.get('necro_redis_reconnections')).toBe(0);

    expect((await worker.stop('SIGINT')).code).toBe(0);
  });
});

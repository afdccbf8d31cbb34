import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { assertBuilt, killStarted, lines, necro, REDIS_URL, startNecro, testSpace, waitFor, withRedis } from './helpers';

const ORGANS = 'packages/cli/test/fixtures/recorder.organ.js,packages/cli/test/fixtures/failing.organ.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

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
  let space: ReturnType<typeof testSpace>;
  beforeAll(assertBuilt);
  beforeEach(() => { space = testSpace(); });
  afterEach(async () => {
    await killStarted();
    await space?.cleanup();
  });

  it('serves Prometheus metrics that count the work done, and the probes', async () => {
    const port = await freePort();
    const conn = ['--backend', REDIS_URL, '--stream', space.stream];
    const worker = startNecro(['worker', '--organs', ORGANS, ...conn, '--metrics-port', String(port), '--retry-attempts', '1'],
      { NECRO_TEST_RECORD: space.record('handled') });
    await worker.waitForOutput(/Spine started/);
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/nothing`)).status).toBe(404);

    const file = space.record('events.jsonl');
    writeFileSync(file, [
      ...Array.from({ length: 10 }, (_, n) => JSON.stringify({ event_type: 'REC', payload: { n } })),
      ...Array.from({ length: 2 }, (_, n) => JSON.stringify({ event_type: 'BOOM', payload: { n } })),
    ].join('\n'));
    expect((await necro(['publish', '--file', file, ...conn])).code).toBe(0);
    await waitFor(async () => lines(space.record('handled')).length === 10
      && (await withRedis((r) => r.xLen(`${space.stream}:dlq`))) === 4, 10_000, 'the work');

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
    expect(samples.get(`necro_group_pending{stream="${space.stream}",group="necrostack:Recorder"}`)).toBe(0);
    expect(samples.get(`necro_group_lag{stream="${space.stream}",group="necrostack:Recorder"}`)).toBe(0);
    expect(samples.get('necro_dead_letters')).toBe(4);
    expect(samples.get('necro_backend_up')).toBe(1);
    expect(samples.get('necro_redis_reconnections')).toBe(0);

    worker.child.kill('SIGINT');
    expect((await worker.waitExit()).code).toBe(0);
  });
});

// Every entry the TypeScript side writes is one the original Python NecroStack accepts; lineage and
// headers travel in the `meta` field it does not read, and entries of the earlier layout still decode.
import { Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { originalRejects } from './support/original-reader';
import { RedisTestEnv, fields } from './support/redis-test-env';

const TRACE = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tenant: 'acme' };

@Organ({ name: 'FormatRelay' })
@ListensTo('PING')
class Relay {
  handle(event: Event) {
    return new Event('PONG', { n: event.payload.n as number }, { headers: TRACE });
  }
}

@Organ({ name: 'FormatSink' })
@ListensTo('PONG')
class Sink {
  readonly seen: Event[] = [];
  handle(event: Event) {
    this.seen.push(event);
  }
}

@Organ({ name: 'FormatFailing' })
@ListensTo('PONG')
class Failing {
  handle(): void {
    throw new Error('always');
  }
}

describe('Entries the TypeScript side writes, read by the original Python NecroStack', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  async function entries(key: string): Promise<Record<string, string>[]> {
    const raw = await env.send<[string, string[]][]>('XRANGE', key, '-', '+');
    return raw.map(([, flat]) => fields(flat));
  }

  function expectAccepted(all: readonly Record<string, string>[], expected: number): void {
    expect(all).toHaveLength(expected);
    expect(all.map(originalRejects)).toEqual(all.map(() => undefined));
  }

  it('accepts fresh events, with headers, and the events handlers emit, with lineage and headers', async () => {
    const backend = env.backend();
    const sink = new Sink();
    await backend.enqueue([new Event('PING', { n: 1 }), new Event('PING', { n: 2 }, { headers: TRACE, correlationId: 'order-7' })]);
    await new Spine({ organs: [new Relay(), sink], backend, logger: silentLogger }).run();

    const stream = await entries(env.streamKey);
    expectAccepted(stream, 4);
    const pongs = stream.filter((f) => JSON.parse(f.event as string).event_type === 'PONG');
    expect(pongs.map((f) => JSON.parse(f.meta as string))).toEqual([
      { correlation_id: expect.any(String), causation_id: expect.any(String), causation_depth: 1, headers: TRACE },
      { correlation_id: 'order-7', causation_id: expect.any(String), causation_depth: 1, headers: TRACE },
    ]);
    expect(sink.seen.map((e) => [e.causationDepth, e.headers])).toEqual([[1, TRACE], [1, TRACE]]);
    expect(stream.filter((f) => f.meta === undefined)).toHaveLength(1); // the first PING: nothing to add
  });

  it('accepts dead letters, and the events their replay writes', async () => {
    const backend = env.backend();
    const spine = new Spine({ organs: [new Relay(), new Failing()], backend, logger: silentLogger, retryAttempts: 1, handlerFailureMode: HandlerFailureMode.STORE });
    await spine.run(new Event('PING', { n: 1 }, { headers: TRACE }));
    const never = new Event('PONG', { n: 9 }, { correlationId: 'lost', causationId: 'parent', causationDepth: 4, headers: TRACE });
    await backend.settle({ acks: [], nacks: [], releases: [], deadLetters: [{ event: never, organ: 'FormatRelay', error: { name: 'EnqueueError', message: 'down' }, attempts: 3 }] });

    const letters = await env.deadLetterEntries();
    expectAccepted(letters, 2);
    expect(letters.map((f) => JSON.parse(f.meta as string).headers)).toEqual([TRACE, TRACE]);

    expect(await backend.deadLetters.replay()).toBe(2);
    const retried = await entries(backend.keys.retryStream('FormatFailing'));
    expectAccepted(retried, 1);
    const anew = (await entries(env.streamKey)).filter((f) => JSON.parse(f.event as string).id === never.id);
    expectAccepted(anew, 1);
    expect(JSON.parse(anew[0]!.meta as string)).toEqual({ correlation_id: 'lost', causation_id: 'parent', causation_depth: 4, headers: TRACE });
  });

  it('still reads entries of the earlier layout, with the lineage inside "event"', async () => {
    const backend = env.backend();
    const sink = new Sink();
    const legacy = { id: '0b5e1f4a-2c3d-4e5f-8a6b-7c8d9e0f1a2b', timestamp: '2026-01-01T00:00:00.000Z', event_type: 'PONG', payload: {}, correlation_id: 'root', causation_id: 'parent', causation_depth: 2 };
    await env.xadd('event', JSON.stringify(legacy));
    await new Spine({ organs: [sink], backend, logger: silentLogger }).run();
    expect(sink.seen.map((e) => [e.id, e.correlationId, e.causationId, e.causationDepth])).toEqual([[legacy.id, 'root', 'parent', 2]]);
  });

  it('dead-letters an entry whose meta is not JSON, with the reason', async () => {
    const backend = env.backend();
    const { event } = Event.encodeParts(new Event('PONG', {}));
    await env.xadd('event', event, 'meta', '{not json');
    await new Spine({ organs: [new Sink()], backend, logger: silentLogger }).run();
    const [letter] = await env.deadLetterEntries();
    expect([letter?.error_class, letter?.reason]).toEqual(['MalformedEntryError', expect.stringContaining('the "meta" field is not valid JSON')]);
  });
});

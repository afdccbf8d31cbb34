// Redis out of memory (maxmemory, noeviction) while handlers return events: a source is acked only
// once its follow-ups are stored or dead-lettered; when neither can be written it stays pending.
import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { PrivateRedis } from './support/private-redis';
import { RedisTestEnv, waitFor } from './support/redis-test-env';

jest.setTimeout(60_000);

/** Sets maxmemory 1 the first time it handles an event, so what follows is refused (OOM). */
class MemoryFiller {
  filled = false;
  constructor(private readonly env: RedisTestEnv, private readonly when: (event: Event) => boolean) {}
  async fillOnce(event: Event): Promise<void> {
    if (this.filled || !this.when(event)) return;
    this.filled = true;
    await this.env.send('CONFIG', 'SET', 'maxmemory', '1');
  }
}

describe('when Redis runs out of memory while handlers return events', () => {
  let redis: PrivateRedis;
  let env: RedisTestEnv;

  beforeEach(async () => {
    redis = await new PrivateRedis().start();
    env = await new RedisTestEnv(redis.url).start();
  });
  afterEach(async () => {
    await env.send('CONFIG', 'SET', 'maxmemory', '0').catch(() => undefined);
    await env.cleanup();
    await redis.destroy();
  });

  /** Runs `spine` until the first settlement failed, lifts the limit, and runs until `settled()`. */
  async function runThroughOom(spine: Spine, filler: MemoryFiller, settled: () => Promise<boolean>): Promise<void> {
    const running = spine.runForever();
    await waitFor(() => filler.filled && spine.getStats().ackErrors > 0, { timeoutMs: 20_000, what: 'a settlement refused under OOM' });
    await env.send('CONFIG', 'SET', 'maxmemory', '0');
    await waitFor(settled, { timeoutMs: 30_000, intervalMs: 50, what: 'every source settled' });
    await spine.stop(5_000);
    await running;
  }

  /** A Spine for `organ` on a backend holding `inputs`, quick to take over what a failed settlement left. */
  async function spineFor(organ: object, inputs: readonly Event[], settings: { maxCausationDepth?: number } = {}): Promise<Spine> {
    const backend = env.backend({ claimMinIdleMs: 300, claimIntervalMs: 20, commandTimeoutMs: 2_000 });
    await backend.enqueue(inputs);
    return new Spine({ organs: [organ], backend, logger: silentLogger, retryBaseDelayMs: 5, maxConsecutiveBackendFailures: 10_000, ...settings });
  }

  async function pending(group: string): Promise<number> {
    const [count] = await env.send<[number]>('XPENDING', env.streamKey, `necrostack:${group}`);
    return Number(count);
  }

  async function ofType(type: string): Promise<Event[]> {
    const entries = await env.send<[string, string[]][]>('XRANGE', env.streamKey, '-', '+');
    return entries.map(([, flat]) => Event.fromParts(flat[1] as string, flat[3])).filter((e) => e.eventType === type);
  }

  it('loses no follow-up: each source ends with its PONG stored or dead-lettered', async () => {
    const filler = new MemoryFiller(env, () => true);
    @Organ({ name: 'OomRelay' })
    @ListensTo('PING')
    class Relay {
      async handle(event: Event) {
        await filler.fillOnce(event);
        return new Event('PONG', { n: event.payload.n as number });
      }
    }
    const pings = Array.from({ length: 20 }, (_, n) => new Event('PING', { n }));
    const spine = await spineFor(new Relay(), pings);

    // A source is acked only with its follow-up stored or dead-lettered: once none is pending, all are settled.
    await runThroughOom(spine, filler, async () => (await pending('OomRelay')) === 0);

    const covered = new Set([
      ...(await ofType('PONG')).map((e) => e.causationId),
      ...(await env.deadLetterEntries()).map((l) => Event.fromParts(l.event as string, l.meta).causationId),
    ]);
    expect(pings.filter((p) => !covered.has(p.id))).toEqual([]);
  });

  it('loses no loop-cut dead letter: the source stays pending until it is written', async () => {
    const filler = new MemoryFiller(env, (event) => event.causationDepth === 1);
    @Organ({ name: 'OomEcho' })
    @ListensTo('ECHO')
    class Echo {
      async handle(event: Event) {
        await filler.fillOnce(event);
        return new Event('ECHO', { n: event.payload.n as number });
      }
    }
    const echoes = Array.from({ length: 10 }, (_, n) => new Event('ECHO', { n }));
    const spine = await spineFor(new Echo(), echoes, { maxCausationDepth: 1 });

    await runThroughOom(spine, filler, async () => (await pending('OomEcho')) === 0);

    const loops = (await env.deadLetterEntries()).filter((l) => l.error_class === 'EventLoopError');
    expect(new Set(loops.map((l) => Event.fromParts(l.event as string, l.meta).payload.n))).toEqual(new Set(echoes.map((e) => e.payload.n)));
  });
});

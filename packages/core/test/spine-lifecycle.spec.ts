// Concurrency, runForever() and stop(): graceful shutdown with a deadline.
import { Event, ListensTo, Organ, Spine, silentLogger, type SpineOptions } from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { spawnSync } from 'node:child_process';
import { gate, waitFor, type Gate } from './helpers';

function spineFor(organs: readonly object[], options: Partial<SpineOptions> = {}, backend = new InMemoryBackend()) {
  const spine = new Spine({ logger: silentLogger, retryBaseDelayMs: 1, pollIntervalMs: 20, ...options, organs, backend });
  return { spine, backend };
}

/** Counts how many handlers run at once; each waits until `waitFor` are running (or 1 s passed). */
@Organ()
@ListensTo('WORK')
class Parallel {
  active = 0;
  maxActive = 0;
  done = 0;
  private arrived = 0;
  private readonly everyone: Gate = gate();
  constructor(private readonly expected: number) {}

  async handle() {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    if (++this.arrived >= this.expected) this.everyone.open();
    const timer = setTimeout(() => this.everyone.open(), 1_000);
    await this.everyone.promise;
    clearTimeout(timer);
    this.active--;
    this.done++;
  }
}

/** Records the order of the events it handles, yielding to the event loop in between. */
@Organ()
@ListensTo('SEQ')
class Sequence {
  readonly seen: number[] = [];
  active = 0;
  maxActive = 0;
  async handle(event: Event) {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    for (let i = 0; i < (event.payload.n as number) % 3; i++) await new Promise((resolve) => setImmediate(resolve));
    this.seen.push(event.payload.n as number);
    this.active--;
  }
}

/** A handler the test finishes by opening `release`. */
@Organ()
@ListensTo('HOLD')
class Held {
  calls = 0;
  finished = 0;
  release = gate();
  async handle(event: Event) {
    this.calls++;
    await this.release.promise;
    this.finished++;
    return new Event('AFTER', { from: event.id });
  }
}

@Organ()
@ListensTo('AFTER')
class After {
  readonly seen: string[] = [];
  handle(event: Event) {
    this.seen.push(event.payload.from as string);
  }
}

describe('concurrency', () => {
  it('runs up to `concurrency` handlers in parallel', async () => {
    const organ = new Parallel(4);
    const { spine } = spineFor([organ], { concurrency: 4 });
    await spine.run(Array.from({ length: 8 }, () => new Event('WORK')));
    expect(organ.maxActive).toBe(4);
    expect(organ.done).toBe(8);
  });

  it('never runs more than `concurrency` at once', async () => {
    const organ = new Parallel(3);
    const { spine } = spineFor([organ], { concurrency: 3 });
    await spine.run(Array.from({ length: 10 }, () => new Event('WORK')));
    expect(organ.maxActive).toBe(3);
    expect(organ.done).toBe(10);
  });

  it('runs every handler of a shared group per delivery, sync, async and thenable alike, in organ order, at any concurrency', async () => {
    const calls: string[] = [];
    /** A PromiseLike that is not a Promise: it settles on a later turn of the event loop. */
    const later = <T>(value: T): PromiseLike<T> => ({
      then: (onValue, onError) => new Promise<T>((resolve) => setImmediate(() => resolve(value))).then(onValue, onError),
    });
    @Organ({ group: 'mixed' })
    @ListensTo('MIX')
    class First {
      handle(event: Event) {
        calls.push(`first ${event.payload.n as number}`);
        return new Event('MIXED', { by: 'first', n: event.payload.n });
      }
    }
    @Organ({ group: 'mixed' })
    @ListensTo('MIX')
    class Second {
      async handle(event: Event) {
        await new Promise((resolve) => setImmediate(resolve));
        calls.push(`second ${event.payload.n as number}`);
        return new Event('MIXED', { by: 'second', n: event.payload.n });
      }
    }
    @Organ({ group: 'mixed' })
    @ListensTo('MIX')
    class Third {
      handle(event: Event) {
        return later(null).then(() => {
          calls.push(`third ${event.payload.n as number}`);
          return new Event('MIXED', { by: 'third', n: event.payload.n });
        });
      }
    }
    @Organ()
    @ListensTo('MIXED')
    class Collect {
      readonly seen: string[] = [];
      handle(event: Event) {
        this.seen.push(`${event.payload.by as string} ${event.payload.n as number}`);
      }
    }
    for (const concurrency of [1, 3]) {
      calls.length = 0;
      const collect = new Collect();
      const { spine } = spineFor([new First(), new Second(), new Third(), collect], { concurrency, batchSize: 4 });
      const stats = await spine.run(Array.from({ length: 6 }, (_, n) => new Event('MIX', { n })));
      const expected = Array.from({ length: 6 }, (_, n) => ['first', 'second', 'third'].map((by) => `${by} ${n}`)).flat();
      expect({ eventsProcessed: stats.eventsProcessed, handlerErrors: stats.handlerErrors }).toEqual({ eventsProcessed: 6 + 18, handlerErrors: {} });
      expect([...calls].sort()).toEqual([...expected].sort());
      expect([...collect.seen].sort()).toEqual([...expected].sort());
      // Within a delivery, the handlers run one after the other, in organ order.
      for (let n = 0; n < 6; n++) expect(calls.filter((call) => call.endsWith(` ${n}`))).toEqual(expected.slice(3 * n, 3 * n + 3));
    }
  });

  it('with concurrency 1, runs one handler at a time, first in first out per organ', async () => {
    const sequence = new Sequence();
    const { spine } = spineFor([sequence], { concurrency: 1, batchSize: 7 });
    await spine.run(Array.from({ length: 30 }, (_, n) => new Event('SEQ', { n })));
    expect(sequence.seen).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(sequence.maxActive).toBe(1);
  });

  it('keeps FIFO per organ for emitted events too', async () => {
    @Organ()
    @ListensTo('FAN')
    class Fan {
      handle(event: Event) {
        const base = (event.payload.n as number) * 10;
        return [0, 1, 2].map((i) => new Event('SEQ', { n: base + i }));
      }
    }
    const sequence = new Sequence();
    const { spine } = spineFor([new Fan(), sequence]);
    await spine.run([new Event('FAN', { n: 1 }), new Event('FAN', { n: 2 })]);
    expect(sequence.seen).toEqual([10, 11, 12, 20, 21, 22]);
  });
});

describe('runForever() and stop()', () => {
  it('processes events published while it runs, until stop() resolves it', async () => {
    const after = new After();
    const { spine, backend } = spineFor([after]);
    const worker = spine.runForever();
    await spine.publish(new Event('AFTER', { from: 'a' }));
    await waitFor(() => after.seen.length === 1, 'the first event');
    await backend.enqueue([new Event('AFTER', { from: 'b' }), new Event('AFTER', { from: 'c' })]);
    await waitFor(() => after.seen.length === 3, 'the next events');
    await spine.stop();
    await expect(worker).resolves.toBeUndefined();
    expect(after.seen).toEqual(['a', 'b', 'c']);
    expect(spine.getStats().eventsProcessed).toBe(3);
    await backend.close();
  });

  it('resolves stop() at once when idle, and is idempotent', async () => {
    const { spine, backend } = spineFor([new After()], { pollIntervalMs: 10_000 });
    const worker = spine.runForever();
    await waitFor(() => true);
    await spine.stop();
    await spine.stop();
    await expect(worker).resolves.toBeUndefined();
    await backend.close();
  });

  it('resolves stop() when the Spine is not running', async () => {
    const { spine } = spineFor([new After()]);
    await expect(spine.stop()).resolves.toBeUndefined();
  });

  it('finishes and acks in-flight work before stop() resolves', async () => {
    const held = new Held();
    const after = new After();
    const { spine, backend } = spineFor([held, after]);
    const worker = spine.runForever();
    const sent = new Event('HOLD');
    await spine.publish(sent);
    await waitFor(() => held.calls === 1, 'the handler to start');

    let stopped = false;
    const stopping = spine.stop().then(() => { stopped = true; });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    held.release.open();
    await stopping;
    await worker;
    expect(held.finished).toBe(1);
    expect(spine.getStats().eventsProcessed).toBe(1);

    // Acked: a later run does not hand HOLD out again; the event it emitted was stored.
    await spine.run();
    expect(held.calls).toBe(1);
    expect(after.seen).toEqual([sent.id]);
    await backend.close();
  });

  it('hands back a delivery that is unfinished at the deadline, and stop() still resolves', async () => {
    const held = new Held();
    const { spine, backend } = spineFor([held], { shutdownTimeoutMs: 30 });
    const worker = spine.runForever();
    const sent = new Event('HOLD');
    await spine.publish(sent);
    await waitFor(() => held.calls === 1, 'the handler to start');
    await spine.stop();
    await expect(worker).resolves.toBeUndefined();
    expect(held.finished).toBe(0);
    expect(spine.getStats().eventsProcessed).toBe(0);

    // Released, not acked: delivered again at once, and a release does not count as an attempt.
    const [again, ...rest] = await backend.pull(10, 0);
    expect(rest).toEqual([]);
    expect(again?.kind === 'event' && again.event.id).toBe(sent.id);
    expect(again?.attempt).toBe(1);
    held.release.open();
    await backend.close();
  });

  it('takes the deadline from stop(timeoutMs) too, and the work is redone by the next run', async () => {
    const held = new Held();
    const after = new After();
    const { spine, backend } = spineFor([held, after]);
    const worker = spine.runForever();
    await spine.publish(new Event('HOLD'));
    await waitFor(() => held.calls === 1, 'the handler to start');
    await spine.stop(20);
    await worker;
    held.release.open();
    await spine.run();
    expect(held.calls).toBe(2);
    expect(after.seen).toHaveLength(1);
    await backend.close();
  });

  it('can run again after stop()', async () => {
    const after = new After();
    const { spine, backend } = spineFor([after]);
    const first = spine.runForever();
    await spine.stop();
    await first;
    const second = spine.runForever();
    await spine.publish(new Event('AFTER', { from: 'x' }));
    await waitFor(() => after.seen.length === 1, 'the event');
    await spine.stop();
    await second;
    await backend.close();
  });
});

describe('handler signals under concurrency', () => {
  // Node prints the warning on the real process's stderr, which jest's sandbox does not see: run
  // the built packages in a child process and read its stderr.
  it('lets every concurrent call hold its signal without a MaxListenersExceededWarning', () => {
    const script = `
      const { Spine, Organ, ListensTo, Event, silentLogger } = require('@necrostack/core');
      const { InMemoryBackend } = require('@necrostack/backend-memory');
      class SignalHolder {
        held = 0;
        async handle(event, context) {
          if (!context.signal.aborted) this.held++;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      ListensTo('WORK')(SignalHolder);
      Organ()(SignalHolder);
      const holder = new SignalHolder();
      const spine = new Spine({ organs: [holder], backend: new InMemoryBackend(), logger: silentLogger, concurrency: 32 });
      spine.run(Array.from({ length: 64 }, (_, n) => new Event('WORK', { n }))).then(() => console.log('held', holder.held));
    `;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).not.toMatch(/MaxListenersExceededWarning/);
    expect(child.stdout.trim()).toBe('held 64');
  });
});

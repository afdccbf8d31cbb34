// Without middleware around the built-in tries, the Spine makes each first try itself and bounds
// it with the tries' timeout (a promise less per async call). Every case runs twice: without
// middleware (that path) and with a pass-through middleware (the tries' own), and must end alike.
import {
  Event, HandlerTimeoutError, ListensTo, Organ, Spine, silentLogger, type HandlerContext, type HandlerMiddleware, type SpineOptions,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { IsInt, Min } from 'class-validator';

const passThrough: HandlerMiddleware = (next) => (event, context) => next(event, context);

const PATHS = [
  ['no middleware (the Spine makes the first try)', []],
  ['a pass-through middleware (the tries make it)', [passThrough]],
] as const;

function spineFor(
  organs: readonly object[], middleware: readonly HandlerMiddleware[], options: Partial<SpineOptions> = {}, backend = new InMemoryBackend(),
) {
  return new Spine({ logger: silentLogger, retryBaseDelayMs: 1, ...options, middleware, organs, backend });
}

@Organ()
@ListensTo('DONE')
class DoneSink {
  readonly seen: unknown[] = [];
  handle(event: Event) {
    this.seen.push(event.payload);
  }
}

describe.each(PATHS)('the tries of a handler with %s', (_, middleware) => {
  it('time a hanging first try out: its signal is aborted before the retry starts, the retry is told and its result kept, the late one dropped', async () => {
    const log: string[] = [];
    @Organ()
    @ListensTo('SLOW')
    class SlowOnce {
      calls = 0;
      async handle(_event: Event, context: HandlerContext) {
        const call = ++this.calls;
        if (call === 1) {
          context.onRetry(({ tries, error }) => log.push(`retry after ${tries}: ${(error as Error).name}`));
          await new Promise<void>((resolve) => {
            context.signal.addEventListener('abort', () => {
              log.push(`aborted: ${(context.signal.reason as Error).name}`);
              setTimeout(resolve, 60); // finishes late, after the retry succeeded
            });
          });
          log.push('first try finished late');
          return new Event('DONE', { from: 'late first try' });
        }
        log.push('second try');
        return new Event('DONE', { from: 'retry' });
      }
    }
    const slow = new SlowOnce();
    const sink = new DoneSink();
    const spine = spineFor([slow, sink], middleware, { handlerTimeoutMs: 20, retryAttempts: 2 });
    await spine.run(new Event('SLOW'));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the late first try finishes
    expect(log).toEqual(['aborted: HandlerTimeoutError', 'retry after 1: HandlerTimeoutError', 'second try', 'first try finished late']);
    expect(sink.seen).toEqual([{ from: 'retry' }]);
    expect(spine.failedEventStore.size).toBe(0);
    expect(spine.getStats()).toMatchObject({ eventsProcessed: 2, eventsEmitted: 1, handlerRetries: 1 });
  });

  it('dead-letter a call whose every try times out, with HandlerTimeoutError and the tries made', async () => {
    @Organ()
    @ListensTo('SLOW')
    class Hangs {
      calls = 0;
      handle() {
        this.calls++;
        return new Promise(() => undefined);
      }
    }
    const hangs = new Hangs();
    const spine = spineFor([hangs], middleware, { handlerTimeoutMs: 15, retryAttempts: 3 });
    await spine.run(new Event('SLOW'));
    expect(hangs.calls).toBe(3);
    const [letter] = await spine.failedEventStore.getAll();
    expect(letter?.error.name).toBe(new HandlerTimeoutError('Hangs', 15).name);
    expect(letter?.error.message).toMatch(/Hangs.*15 ms/);
  });

  it('retry a handler that throws synchronously, and keep what the retry returns', async () => {
    @Organ()
    @ListensTo('GO')
    class ThrowsOnce {
      calls = 0;
      handle() {
        if (++this.calls === 1) throw new Error('first call fails');
        return new Event('DONE', { from: 'second call' });
      }
    }
    const throwsOnce = new ThrowsOnce();
    const sink = new DoneSink();
    const spine = spineFor([throwsOnce, sink], middleware, { retryAttempts: 2 });
    await spine.run(new Event('GO'));
    expect(throwsOnce.calls).toBe(2);
    expect(sink.seen).toEqual([{ from: 'second call' }]);
    expect(spine.getStats().handlerRetries).toBe(1);
  });

  it('retry a rejected first try until the tries run out, then dead-letter the last error', async () => {
    @Organ()
    @ListensTo('GO')
    class Rejects {
      calls = 0;
      async handle() {
        throw new Error(`failure ${++this.calls}`);
      }
    }
    const rejects = new Rejects();
    const spine = spineFor([rejects], middleware, { retryAttempts: 3 });
    await spine.run(new Event('GO'));
    expect(rejects.calls).toBe(3);
    const [letter] = await spine.failedEventStore.getAll();
    expect(letter?.error.message).toBe('failure 3');
    expect(letter?.attempts).toBe(3);
  });

  it.each([
    ['synchronous', () => 42],
    ['async', async () => 'not an event'],
  ])('dead-letter an invalid %s result at once, without a retry', async (_kind, result) => {
    @Organ()
    @ListensTo('GO')
    class Invalid {
      calls = 0;
      handle() {
        this.calls++;
        return result();
      }
    }
    const invalid = new Invalid();
    const spine = spineFor([invalid], middleware, { retryAttempts: 3 });
    await spine.run(new Event('GO'));
    expect(invalid.calls).toBe(1);
    const [letter] = await spine.failedEventStore.getAll();
    expect(letter?.error.name).toBe('HandlerResultError');
    expect(spine.getStats().handlerRetries).toBe(0);
  });

  describe('with a DTO', () => {
    class Amount {
      @IsInt() @Min(1) cents!: number;
    }

    @Organ()
    @ListensTo('PAY', { payload: Amount })
    class Pays {
      readonly payloads: unknown[] = [];
      async handle(event: Event<Amount>) {
        this.payloads.push(event.payload);
        if (this.payloads.length === 1) throw new Error('first try fails');
      }
    }

    it('hand every try the DTO instance, retries included', async () => {
      const pays = new Pays();
      const spine = spineFor([pays], middleware, { retryAttempts: 2 });
      await spine.run(new Event('PAY', { cents: 250 }));
      expect(pays.payloads).toHaveLength(2);
      for (const payload of pays.payloads) expect(payload).toEqual(Object.assign(new Amount(), { cents: 250 }));
      expect(pays.payloads[1]).toBeInstanceOf(Amount);
      expect(spine.failedEventStore.size).toBe(0);
    });

    it('dead-letter an invalid payload at once, the handler never called', async () => {
      const pays = new Pays();
      const backend = new InMemoryBackend();
      const spine = spineFor([pays], middleware, { retryAttempts: 3 }, backend);
      await backend.enqueue([new Event('PAY', { cents: 0 })]); // as another producer would, unchecked by publish
      await spine.run();
      expect(pays.payloads).toEqual([]);
      const [letter] = await spine.failedEventStore.getAll();
      expect(letter?.error.name).toBe('PayloadValidationError');
      expect(spine.getStats().handlerRetries).toBe(0);
    });
  });

  it('run async handlers in several lanes, each delivery once, none lost to a timeout in another lane', async () => {
    @Organ()
    @ListensTo('N')
    class SometimesSlow {
      readonly done = new Set<number>();
      calls = 0;
      async handle(event: Event<{ n: number }>, context: HandlerContext) {
        this.calls++;
        if (event.payload.n % 10 === 0 && context.attempt === 1 && !this.done.has(-event.payload.n)) {
          this.done.add(-event.payload.n); // the first try of every tenth event hangs once
          return new Promise(() => undefined);
        }
        await new Promise((resolve) => setImmediate(resolve));
        this.done.add(event.payload.n);
        return undefined;
      }
    }
    const organ = new SometimesSlow();
    const spine = spineFor([organ], middleware, { handlerTimeoutMs: 15, retryAttempts: 2, concurrency: 8 });
    await spine.run(Array.from({ length: 50 }, (_, n) => new Event('N', { n })));
    expect([...organ.done].filter((n) => n >= 0).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(organ.calls).toBe(55);
    expect(spine.failedEventStore.size).toBe(0);
    expect(spine.getStats()).toMatchObject({ eventsProcessed: 50, handlerRetries: 5 });
  });
});

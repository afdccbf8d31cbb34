// The Spine's routing: chains, handler results, lineage, loop protection, maxSteps, run() semantics.
import {
  ConfigurationError, Event, EventValidationError, ListensTo, MaxStepsExceededError, Organ, Spine, silentLogger,
  type SpineOptions,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { gate, settled, waitFor } from './helpers';

function spineFor(organs: readonly object[], options: Partial<SpineOptions> = {}, backend = new InMemoryBackend()) {
  const spine = new Spine({ logger: silentLogger, retryBaseDelayMs: 1, ...options, organs, backend });
  return { spine, backend };
}

/** Records every event an organ received. */
abstract class Recorder {
  readonly received: Event[] = [];
}

@Organ()
@ListensTo('ORDER_PLACED')
class ValidateOrder extends Recorder {
  handle(event: Event) {
    this.received.push(event);
    return new Event('ORDER_VALIDATED', { orderId: event.payload.orderId as string });
  }
}

@Organ()
@ListensTo('ORDER_VALIDATED')
class ChargeCard extends Recorder {
  async handle(event: Event) {
    this.received.push(event);
    await Promise.resolve();
    return new Event('PAYMENT_PROCESSED', { orderId: event.payload.orderId as string });
  }
}

@Organ()
@ListensTo('PAYMENT_PROCESSED')
class Notify extends Recorder {
  handle(event: Event) {
    this.received.push(event);
  }
}

describe('Spine routing', () => {
  it('routes a chain of events through sync and async handlers', async () => {
    const organs = [new ValidateOrder(), new ChargeCard(), new Notify()] as const;
    const { spine } = spineFor([...organs]);
    const stats = await spine.run(new Event('ORDER_PLACED', { orderId: 'A-1' }));
    expect(organs.map((o) => o.received.map((e) => e.eventType))).toEqual([['ORDER_PLACED'], ['ORDER_VALIDATED'], ['PAYMENT_PROCESSED']]);
    expect(organs[2].received[0]?.payload).toEqual({ orderId: 'A-1' });
    expect(stats).toMatchObject({ eventsProcessed: 3, eventsEmitted: 2, eventsDeadLettered: 0 });
  });

  it('delivers each event to every organ that listens to its type, once', async () => {
    @Organ()
    @ListensTo('ORDER_PLACED')
    class Audit extends Recorder {
      handle(event: Event) {
        this.received.push(event);
      }
    }
    const validate = new ValidateOrder();
    const audit = new Audit();
    const { spine } = spineFor([validate, audit]);
    const stats = await spine.run(new Event('ORDER_PLACED', { orderId: 'A-1' }));
    expect(validate.received).toHaveLength(1);
    expect(audit.received).toHaveLength(1);
    expect(stats.eventsProcessed).toBe(2);
  });

  it('ignores events no organ listens to', async () => {
    const notify = new Notify();
    const { spine } = spineFor([notify]);
    const stats = await spine.run([new Event('NOBODY_CARES'), new Event('PAYMENT_PROCESSED')]);
    expect(notify.received).toHaveLength(1);
    expect(stats.eventsProcessed).toBe(1);
  });

  describe('handler results', () => {
    it('enqueues every event of a returned array, in order', async () => {
      @Organ()
      @ListensTo('SPLIT')
      class Splitter {
        handle() {
          return [new Event('PART', { n: 1 }), new Event('PART', { n: 2 }), new Event('PART', { n: 3 })];
        }
      }
      @Organ()
      @ListensTo('PART')
      class Parts extends Recorder {
        handle(event: Event) {
          this.received.push(event);
        }
      }
      const parts = new Parts();
      const { spine } = spineFor([new Splitter(), parts]);
      const stats = await spine.run(new Event('SPLIT'));
      expect(parts.received.map((e) => e.payload.n)).toEqual([1, 2, 3]);
      expect(stats.eventsEmitted).toBe(3);
    });

    it.each([
      ['undefined', () => undefined],
      ['null', () => null],
      ['an empty array', () => []],
      ['a promise of undefined', async () => undefined],
      ['a promise of null', async () => null],
    ])('emits nothing for %s', async (_label, result) => {
      @Organ()
      @ListensTo('IN')
      class Quiet {
        handle() {
          return result();
        }
      }
      const { spine } = spineFor([new Quiet()]);
      const stats = await spine.run(new Event('IN'));
      expect(stats).toMatchObject({ eventsProcessed: 1, eventsEmitted: 0, eventsDeadLettered: 0 });
    });

    it.each([
      ['a plain object', () => ({ eventType: 'X', payload: {} }), /an instance of Object/],
      ['a string', () => 'X', /a string/],
      ['a number', () => 42, /a number/],
      ['true', () => true, /a boolean/],
      ['an array holding a non-Event', () => [new Event('OK'), { eventType: 'X' }], /an array holding/],
      ['a promise of a string', async () => 'X', /a string/],
    ])('dead-letters a result that is %s with HandlerResultError, without retrying or enqueueing', async (_label, result, message) => {
      @Organ()
      @ListensTo('IN')
      class Wrong {
        calls = 0;
        handle() {
          this.calls++;
          return result();
        }
      }
      @Organ()
      @ListensTo('OK')
      class Ok extends Recorder {
        handle(event: Event) {
          this.received.push(event);
        }
      }
      const wrong = new Wrong();
      const ok = new Ok();
      const { spine } = spineFor([wrong, ok], { retryAttempts: 3 });
      const stats = await spine.run(new Event('IN'));
      expect(wrong.calls).toBe(1);
      expect(ok.received).toHaveLength(0);
      expect(stats.eventsEmitted).toBe(0);
      const [letter] = await spine.failedEventStore.getAll();
      expect(letter?.error).toMatchObject({ name: 'HandlerResultError', code: 'NECRO_HANDLER_RESULT_INVALID' });
      expect(letter?.error.message).toMatch(message);
      expect(letter?.organ).toBe('Wrong');
      expect(letter?.attempts).toBe(1);
    });
  });

  describe('lineage', () => {
    it('gives emitted events causationId = parent id, correlationId = chain root id, and a growing depth', async () => {
      const organs = [new ValidateOrder(), new ChargeCard(), new Notify()] as const;
      const { spine } = spineFor([...organs]);
      const root = new Event('ORDER_PLACED', { orderId: 'A-1' });
      await spine.run(root);
      const [placed] = organs[0].received;
      const [validated] = organs[1].received;
      const [paid] = organs[2].received;
      expect([placed?.id, placed?.causationId, placed?.correlationId, placed?.causationDepth]).toEqual([root.id, undefined, undefined, 0]);
      expect([validated?.causationId, validated?.correlationId, validated?.causationDepth]).toEqual([root.id, root.id, 1]);
      expect([paid?.causationId, paid?.correlationId, paid?.causationDepth]).toEqual([validated?.id, root.id, 2]);
      expect(new Set([root.id, validated?.id, paid?.id]).size).toBe(3);
    });

    it('keeps the correlationId the first event already had', async () => {
      const organs = [new ValidateOrder(), new ChargeCard(), new Notify()] as const;
      const { spine } = spineFor([...organs]);
      const correlationId = 'request-42';
      await spine.run(new Event('ORDER_PLACED', { orderId: 'A-1' }, { correlationId }));
      expect(organs[1].received[0]?.correlationId).toBe(correlationId);
      expect(organs[2].received[0]?.correlationId).toBe(correlationId);
    });

    it('stores the lineage in the wire form of emitted events', async () => {
      const backend = new InMemoryBackend();
      const enqueue = jest.spyOn(backend, 'enqueue');
      const root = new Event('ORDER_PLACED', { orderId: 'A-1' });
      await spineFor([new ValidateOrder()], {}, backend).spine.run(root);
      const emitted = enqueue.mock.calls.flatMap(([events]) => (Array.isArray(events) ? events : [events])) as Event[];
      const validated = emitted.find((e) => e.eventType === 'ORDER_VALIDATED');
      expect(validated?.toJSON()).toMatchObject({ causation_id: root.id, correlation_id: root.id, causation_depth: 1 });
    });
  });

  describe('loop protection', () => {
    @Organ()
    @ListensTo('PING')
    class Echo {
      readonly depths: number[] = [];
      handle(event: Event) {
        this.depths.push(event.causationDepth);
        return new Event('PING', { n: this.depths.length });
      }
    }

    it('cuts an organ that re-emits its own input at maxCausationDepth with an EventLoopError dead letter', async () => {
      const echo = new Echo();
      const { spine } = spineFor([echo], { maxCausationDepth: 5 });
      const stats = await spine.run(new Event('PING'));
      expect(echo.depths).toEqual([0, 1, 2, 3, 4, 5]);
      const letters = await spine.failedEventStore.getAll();
      expect(letters).toHaveLength(1);
      expect(letters[0]?.error).toMatchObject({ name: 'EventLoopError', code: 'NECRO_EVENT_LOOP' });
      expect(letters[0]?.organ).toBe('Echo');
      expect(letters[0]?.event?.causationDepth).toBe(6);
      expect(stats.eventsDeadLettered).toBe(1);
      expect(stats.eventsEmitted).toBe(5);
    });

    it('cuts at depth 100 by default, and run() returns', async () => {
      const echo = new Echo();
      const { spine } = spineFor([echo]);
      await spine.run(new Event('PING'));
      expect(echo.depths).toHaveLength(101);
      expect((await spine.failedEventStore.getAll())[0]?.error.name).toBe('EventLoopError');
    });
  });

  describe('maxSteps', () => {
    @Organ()
    @ListensTo('COUNT')
    class Counter {
      readonly seen: number[] = [];
      handle(event: Event) {
        const n = event.payload.n as number;
        this.seen.push(n);
        return n < 20 ? new Event('COUNT', { n: n + 1 }) : undefined;
      }
    }

    it('rejects with MaxStepsExceededError and leaves the remaining work queued for a later run', async () => {
      const counter = new Counter();
      const backend = new InMemoryBackend();
      const first = spineFor([counter], { maxSteps: 5 }, backend).spine;
      const outcome = await settled(first.run(new Event('COUNT', { n: 0 })));
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(MaxStepsExceededError);
      expect((error as MaxStepsExceededError).maxSteps).toBe(5);
      expect(counter.seen).toEqual([0, 1, 2, 3, 4]);

      const second = spineFor([counter], { maxSteps: 100 }, backend).spine;
      await second.run();
      expect(counter.seen).toEqual(Array.from({ length: 21 }, (_, n) => n));
    });

    it('counts steps per run() call: the same Spine can continue', async () => {
      const counter = new Counter();
      const { spine } = spineFor([counter], { maxSteps: 10 });
      await expect(spine.run(new Event('COUNT', { n: 0 }))).rejects.toThrow(MaxStepsExceededError);
      await expect(spine.run()).rejects.toThrow(MaxStepsExceededError);
      await spine.run();
      expect(counter.seen).toEqual(Array.from({ length: 21 }, (_, n) => n));
    });

    it('resolves when the work ends exactly at maxSteps', async () => {
      const counter = new Counter();
      const { spine } = spineFor([counter], { maxSteps: 3 });
      await spine.run(new Event('COUNT', { n: 18 }));
      expect(counter.seen).toEqual([18, 19, 20]);
    });
  });

  describe('run()', () => {
    it('processes events enqueued on the backend before the Spine existed', async () => {
      const backend = new InMemoryBackend();
      await backend.enqueue([new Event('PAYMENT_PROCESSED', { n: 1 }), new Event('PAYMENT_PROCESSED', { n: 2 })]);
      const notify = new Notify();
      const stats = await spineFor([notify], {}, backend).spine.run();
      expect(notify.received.map((e) => e.payload.n)).toEqual([1, 2]);
      expect(stats.eventsProcessed).toBe(2);
    });

    it('returns when idle and can be called again; stats accumulate', async () => {
      const notify = new Notify();
      const { spine } = spineFor([notify]);
      expect((await spine.run()).eventsProcessed).toBe(0);
      expect((await spine.run(new Event('PAYMENT_PROCESSED', { n: 1 }))).eventsProcessed).toBe(1);
      expect((await spine.run([new Event('PAYMENT_PROCESSED', { n: 2 }), new Event('PAYMENT_PROCESSED', { n: 3 })])).eventsProcessed).toBe(3);
      expect(notify.received.map((e) => e.payload.n)).toEqual([1, 2, 3]);
    });

    it('refuses to start while already running', async () => {
      const release = gate();
      @Organ()
      @ListensTo('SLOW')
      class Slow {
        entered = false;
        async handle() {
          this.entered = true;
          await release.promise;
        }
      }
      const slow = new Slow();
      const { spine } = spineFor([slow]);
      const running = spine.run(new Event('SLOW'));
      await waitFor(() => slow.entered, 'the handler to start');
      await expect(spine.run()).rejects.toThrow(ConfigurationError);
      await expect(spine.runForever()).rejects.toThrow(ConfigurationError);
      release.open();
      expect((await running).eventsProcessed).toBe(1);
    });

    it('rejects something that is not an Event with EventValidationError, enqueueing nothing', async () => {
      const { spine, backend } = spineFor([new Notify()]);
      await expect(spine.publish([new Event('PAYMENT_PROCESSED'), { eventType: 'FAKE' } as unknown as Event])).rejects.toThrow(EventValidationError);
      expect(backend.size).toBe(0);
    });
  });

  describe('getStats()', () => {
    it('has the documented shape, and is a snapshot', async () => {
      const { spine } = spineFor([new ValidateOrder(), new Notify()]);
      const before = spine.getStats();
      expect(before).toStrictEqual({
        eventsProcessed: 0, eventsEmitted: 0, eventsDeadLettered: 0, handlerRetries: 0,
        enqueueFailures: {}, handlerErrors: {}, backendErrors: 0, ackErrors: 0, unroutedEvents: {},
      });
      const returned = await spine.run(new Event('ORDER_PLACED', { orderId: 'x' }));
      expect(returned).toStrictEqual({
        eventsProcessed: 1, eventsEmitted: 1, eventsDeadLettered: 0, handlerRetries: 0,
        enqueueFailures: {}, handlerErrors: {}, backendErrors: 0, ackErrors: 0, unroutedEvents: { ORDER_VALIDATED: 1 },
      });
      expect(spine.getStats()).toStrictEqual(returned);
      expect(before.eventsProcessed).toBe(0);
      (returned.handlerErrors as Record<string, number>).X = 1;
      expect(spine.getStats().handlerErrors).toEqual({});
    });
  });
});

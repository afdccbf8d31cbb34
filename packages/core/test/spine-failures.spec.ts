// When handlers fail: failure modes, per-organ isolation, retries with backoff, timeouts.
import { performance } from 'node:perf_hooks';
import {
  Event, HandlerFailureMode, ListensTo, NecroStackError, Organ, Spine, silentLogger, type SpineOptions,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';

function spineFor(organs: readonly object[], options: Partial<SpineOptions> = {}, backend = new InMemoryBackend()) {
  const spine = new Spine({ logger: silentLogger, retryBaseDelayMs: 1, ...options, organs, backend });
  return { spine, backend };
}

class PaymentDeclined extends Error {
  override readonly name = 'PaymentDeclined';
}

@Organ()
@ListensTo('ORDER_PLACED')
class Healthy {
  calls = 0;
  handle() {
    this.calls++;
    return new Event('ORDER_ACCEPTED', {});
  }
}

@Organ()
@ListensTo('ORDER_PLACED')
class Broken {
  calls = 0;
  handle() {
    this.calls++;
    throw new PaymentDeclined('card declined');
  }
}

/** Fails its first `failures` calls, then succeeds, emitting DONE. */
@Organ()
@ListensTo('ORDER_PLACED')
class Flaky {
  calls = 0;
  readonly at: number[] = [];
  constructor(private readonly failures: number) {}
  async handle() {
    this.calls++;
    this.at.push(performance.now());
    if (this.calls <= this.failures) throw new Error(`failure ${this.calls}`);
    return new Event('DONE', {});
  }
}

@Organ()
@ListensTo('DONE')
class DoneSink {
  calls = 0;
  handle() {
    this.calls++;
  }
}

describe('when an organ throws', () => {
  describe('in STORE mode (the default)', () => {
    it('dead-letters after 3 tries, with the organ, the error and the attempts', async () => {
      const broken = new Broken();
      const { spine, backend } = spineFor([broken]);
      const sent = new Event('ORDER_PLACED', { orderId: 'A-1' });
      const stats = await spine.run(sent);
      expect(broken.calls).toBe(3);
      const letters = await spine.failedEventStore.getAll();
      expect(letters).toHaveLength(1);
      const [letter] = letters;
      expect(letter?.event?.id).toBe(sent.id);
      expect(letter?.event?.payload).toEqual({ orderId: 'A-1' });
      expect(letter?.organ).toBe('Broken');
      expect(letter?.group).toBe('Broken');
      expect(letter?.error).toEqual({ name: 'PaymentDeclined', message: 'card declined' });
      expect(letter?.attempts).toBe(3);
      expect(letter?.failedAt).toBeInstanceOf(Date);
      expect(JSON.parse(letter?.raw ?? '{}')).toMatchObject({ id: sent.id, event_type: 'ORDER_PLACED' });
      expect(stats).toMatchObject({ eventsProcessed: 1, eventsDeadLettered: 1, handlerErrors: { Broken: 1 }, handlerRetries: 2 });
      expect(spine.failedEventStore).toBe(backend.deadLetters);
    });

    it('acks the dead-lettered delivery: a later run does not call the organ again', async () => {
      const broken = new Broken();
      const { spine } = spineFor([broken]);
      await spine.run(new Event('ORDER_PLACED'));
      await spine.run();
      expect(broken.calls).toBe(3);
    });

    it('keeps the code of a NecroStackError and the text of a thrown non-Error', async () => {
      @Organ()
      @ListensTo('A')
      class ThrowsCoded {
        handle() {
          throw new NecroStackError('APP_CODE', 'coded failure');
        }
      }
      @Organ()
      @ListensTo('B')
      class ThrowsString {
        handle() {
          throw 'just a string'; // eslint-disable-line no-throw-literal
        }
      }
      const { spine } = spineFor([new ThrowsCoded(), new ThrowsString()], { retryAttempts: 1 });
      await spine.run([new Event('A'), new Event('B')]);
      const errors = (await spine.failedEventStore.getAll()).map((l) => l.error);
      expect(errors).toEqual([
        { name: 'NecroStackError', code: 'APP_CODE', message: 'coded failure' },
        { name: 'Error', message: 'just a string' },
      ]);
    });

    it('treats a rejected promise like a throw', async () => {
      @Organ()
      @ListensTo('A')
      class Rejects {
        calls = 0;
        handle() {
          this.calls++;
          return Promise.reject(new TypeError('async failure'));
        }
      }
      const organ = new Rejects();
      const { spine } = spineFor([organ]);
      await spine.run(new Event('A'));
      expect(organ.calls).toBe(3);
      expect((await spine.failedEventStore.getAll())[0]?.error).toEqual({ name: 'TypeError', message: 'async failure' });
    });
  });

  describe('per-organ isolation', () => {
    it.each([HandlerFailureMode.STORE, HandlerFailureMode.NACK, HandlerFailureMode.LOG])(
      'never re-runs another organ listening to the same type (%s mode)',
      async (mode) => {
        const healthy = new Healthy();
        const broken = new Broken();
        const { spine } = spineFor([healthy, broken], { handlerFailureMode: mode, retryAttempts: 2 });
        await spine.run(new Event('ORDER_PLACED'));
        expect(healthy.calls).toBe(1);
        expect(broken.calls).toBe(mode === HandlerFailureMode.NACK ? 2 * 3 : 2);
      },
    );

    it('still enqueues what the healthy organ emitted', async () => {
      @Organ()
      @ListensTo('ORDER_ACCEPTED')
      class Accepted {
        calls = 0;
        handle() {
          this.calls++;
        }
      }
      const accepted = new Accepted();
      const { spine } = spineFor([new Broken(), new Healthy(), accepted]);
      await spine.run(new Event('ORDER_PLACED'));
      expect(accepted.calls).toBe(1);
      expect((await spine.failedEventStore.getAll()).map((l) => l.organ)).toEqual(['Broken']);
    });
  });

  describe('in LOG mode', () => {
    it('acks and counts the failure in handlerErrors, without a dead letter', async () => {
      const broken = new Broken();
      const { spine, backend } = spineFor([broken], { handlerFailureMode: HandlerFailureMode.LOG });
      const stats = await spine.run([new Event('ORDER_PLACED'), new Event('ORDER_PLACED')]);
      expect(broken.calls).toBe(6);
      expect(stats.handlerErrors).toEqual({ Broken: 2 });
      expect(stats.eventsDeadLettered).toBe(0);
      expect(stats.eventsProcessed).toBe(2);
      expect(backend.deadLetters.size).toBe(0);
      await spine.run();
      expect(broken.calls).toBe(6);
    });
  });

  describe('in NACK mode', () => {
    it("redelivers up to the backend's maxDeliveries, then dead-letters with the attempts", async () => {
      const broken = new Broken();
      const { spine } = spineFor([broken], { handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1 }, new InMemoryBackend({ maxDeliveries: 4 }));
      const stats = await spine.run(new Event('ORDER_PLACED'));
      expect(broken.calls).toBe(4);
      const letters = await spine.failedEventStore.getAll();
      expect(letters).toHaveLength(1);
      expect(letters[0]?.attempts).toBe(4);
      expect(letters[0]?.organ).toBe('Broken');
      expect(letters[0]?.error.name).toBe('PaymentDeclined');
      expect(stats.handlerErrors).toEqual({ Broken: 4 });
    });

    it('retries within each delivery too: retryAttempts × maxDeliveries calls in all', async () => {
      const broken = new Broken();
      const { spine } = spineFor([broken], { handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 2 }, new InMemoryBackend({ maxDeliveries: 3 }));
      await spine.run(new Event('ORDER_PLACED'));
      expect(broken.calls).toBe(6);
    });

    it('succeeds on a redelivery without a dead letter', async () => {
      const flaky = new Flaky(2);
      const sink = new DoneSink();
      const { spine } = spineFor([flaky, sink], { handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1 });
      await spine.run(new Event('ORDER_PLACED'));
      expect(flaky.calls).toBe(3);
      expect(sink.calls).toBe(1);
      expect(spine.failedEventStore.size).toBe(0);
    });
  });

  describe('retries', () => {
    it('makes retryAttempts tries in all, counting the retries in handlerRetries', async () => {
      const broken = new Broken();
      const { spine } = spineFor([broken], { retryAttempts: 5 });
      const stats = await spine.run(new Event('ORDER_PLACED'));
      expect(broken.calls).toBe(5);
      expect(stats.handlerRetries).toBe(4);
      expect((await spine.failedEventStore.getAll())[0]?.attempts).toBe(5);
    });

    it('tries once with retryAttempts 1', async () => {
      const broken = new Broken();
      const { spine } = spineFor([broken], { retryAttempts: 1 });
      const stats = await spine.run(new Event('ORDER_PLACED'));
      expect(broken.calls).toBe(1);
      expect(stats.handlerRetries).toBe(0);
    });

    it('goes on normally when a retry succeeds', async () => {
      const flaky = new Flaky(2);
      const sink = new DoneSink();
      const { spine } = spineFor([flaky, sink], { retryAttempts: 3 });
      const stats = await spine.run(new Event('ORDER_PLACED'));
      expect(flaky.calls).toBe(3);
      expect(sink.calls).toBe(1);
      expect(stats).toMatchObject({ handlerRetries: 2, handlerErrors: {}, eventsDeadLettered: 0, eventsEmitted: 1 });
    });

    it('waits with exponential backoff between tries', async () => {
      const base = 40;
      const flaky = new Flaky(3);
      const { spine } = spineFor([flaky], { retryAttempts: 4, retryBaseDelayMs: base });
      await spine.run(new Event('ORDER_PLACED'));
      expect(flaky.calls).toBe(4);
      const gaps = flaky.at.slice(1).map((t, i) => t - (flaky.at[i] as number));
      // Equal jitter: retry n waits between half and all of base × 2^(n-1). 2 ms of slack for timer rounding.
      expect(gaps[0]).toBeGreaterThanOrEqual(base / 2 - 2);
      expect(gaps[1]).toBeGreaterThanOrEqual(base - 2);
      expect(gaps[2]).toBeGreaterThanOrEqual(2 * base - 2);
    });
  });

  describe('with an async handler that does not finish in time', () => {
    it('dead-letters with HandlerTimeoutError after its tries', async () => {
      @Organ()
      @ListensTo('SLOW')
      class Hangs {
        calls = 0;
        handle() {
          this.calls++;
          return new Promise<never>(() => undefined);
        }
      }
      const hangs = new Hangs();
      const { spine } = spineFor([hangs], { handlerTimeoutMs: 20, retryAttempts: 2 });
      const started = performance.now();
      await spine.run(new Event('SLOW'));
      expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 20 - 2);
      expect(hangs.calls).toBe(2);
      const [letter] = await spine.failedEventStore.getAll();
      expect(letter?.error).toMatchObject({ name: 'HandlerTimeoutError', code: 'NECRO_HANDLER_TIMEOUT' });
      expect(letter?.error.message).toMatch(/Hangs.*20 ms/);
    });

    it('uses the result of a handler that finishes in time', async () => {
      @Organ()
      @ListensTo('QUICK')
      class Quick {
        async handle() {
          await new Promise((resolve) => setImmediate(resolve));
          return new Event('DONE');
        }
      }
      const sink = new DoneSink();
      const { spine } = spineFor([new Quick(), sink], { handlerTimeoutMs: 5_000 });
      await spine.run(new Event('QUICK'));
      expect(sink.calls).toBe(1);
      expect(spine.failedEventStore.size).toBe(0);
    });
  });
});

import { IsInt, Min } from 'class-validator';
import {
  EnqueueError, EnqueueFailureMode, Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger,
  type Backend, type EnqueueOutcome, type Event as EventType, type SpineSettings,
} from '@necrostack/core';
import { itWhen, makeEvents, type ConformanceContext } from '../conformance-context';
import { settlement } from '../wait';
import { ShippingOrgan } from './conformance-organs';

class CountDto {
  @IsInt() @Min(0) n!: number;
}

/** Validates ORDER_PLACED against a DTO that needs `n` ≥ 0. */
@Organ({ name: 'Counting' })
@ListensTo('ORDER_PLACED', { payload: CountDto })
class CountingOrgan {
  calls = 0;
  handle(): void {
    this.calls++;
  }
}

/** Answers every ECHO with another ECHO: a loop. */
@Organ({ name: 'Echo' })
@ListensTo('ECHO')
class EchoOrgan {
  handle(event: EventType): Event {
    return new Event('ECHO', { n: event.payload.n ?? 0 });
  }
}

/** Fails once with a transient error, then returns what no handler may return. */
@Organ({ name: 'Flaky' })
@ListensTo('ORDER_PLACED')
class FlakyThenBrokenOrgan {
  calls = 0;
  handle(): unknown {
    this.calls++;
    if (this.calls === 1) throw new Error('connection reset');
    return 'not an event';
  }
}

/** Emits ORDER_BILLED for every ORDER_PLACED. */
@Organ({ name: 'Emitting' })
@ListensTo('ORDER_PLACED')
class EmittingOrgan {
  handle(event: EventType): Event {
    return new Event('ORDER_BILLED', { n: event.payload.n ?? null });
  }
}

/** The backend, with enqueue failing for `failType` events (as a store that is down, or silent, would). */
function failingEnqueue(backend: Backend, failType: string, outcome: EnqueueOutcome = 'failed'): Backend {
  return new Proxy(backend, {
    get(target, property) {
      if (property !== 'enqueue') {
        const value = Reflect.get(target, property) as unknown;
        // Bound to the backend itself: its methods may use private fields.
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return async (events: Event<object> | readonly Event<object>[]) => {
        const batch = Array.isArray(events) ? events : [events];
        if (batch.some((e: Event<object>) => e.eventType === failType)) throw new EnqueueError('store down', batch.map((e: Event<object>) => e.id), { outcome });
        return target.enqueue(events);
      };
    },
  });
}

/** Every path that ends in a dead letter, through a Spine, on this backend. */
export function failurePathsSuite(ctx: ConformanceContext): void {
  function spineOf(backend: Backend, organs: object[], settings: SpineSettings = {}): Spine {
    return new Spine({ organs, backend, logger: silentLogger, retryBaseDelayMs: 1, maxSteps: 1_000, ...settings });
  }

  describe('dead-letter paths', () => {
    for (const mode of [HandlerFailureMode.STORE, HandlerFailureMode.NACK, HandlerFailureMode.LOG]) {
      it(`dead-letters an invalid payload unrun in ${mode} mode, with the PayloadValidationError`, async () => {
        const backend = await ctx.open();
        const counting = new CountingOrgan();
        const invalid = new Event('ORDER_PLACED', { n: -1 });
        await backend.enqueue(invalid); // past publish's own check, as a foreign producer would
        await spineOf(backend, [counting], { handlerFailureMode: mode }).run();
        expect(counting.calls).toBe(0);
        const letters = await backend.deadLetters.getAll();
        expect(letters.map((l) => [l.event?.id, l.organ, l.error.name, l.attempts])).toEqual([[invalid.id, 'Counting', 'PayloadValidationError', 1]]);
        await ctx.expectNoMore(backend);
      });
    }

    it('dead-letters events past maxCausationDepth as a loop, acking their source with them', async () => {
      const backend = await ctx.open();
      const stats = await spineOf(backend, [new EchoOrgan()], { maxCausationDepth: 2 }).run(makeEvents('ECHO', 1));
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((l) => [l.event?.causationDepth, l.organ, l.error.name, l.group])).toEqual([[3, 'Echo', 'EventLoopError', undefined]]);
      expect(stats.eventsProcessed).toBe(3);
      await ctx.expectNoMore(backend);
    });

    it('dead-letters emitted events that cannot be stored (STORE), acking their source with them', async () => {
      const backend = await ctx.open();
      const [event] = makeEvents('ORDER_PLACED', 1);
      await backend.enqueue(event!);
      const stats = await spineOf(failingEnqueue(backend, 'ORDER_BILLED'), [new EmittingOrgan()], { retryAttempts: 2 }).run();
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((l) => [l.event?.eventType, l.event?.causationId, l.organ, l.group, l.error.name, l.attempts]))
        .toEqual([['ORDER_BILLED', event!.id, 'Emitting', undefined, 'EnqueueError', 2]]);
      expect(stats.eventsDeadLettered).toBe(1);
      await ctx.expectNoMore(backend);
    });

    it('redelivers, and dead-letters nothing, when the store gave no answer (outcome unknown: a replay could store them twice)', async () => {
      const backend = await ctx.open({ maxDeliveries: 2 });
      const [event] = makeEvents('ORDER_PLACED', 1);
      await backend.enqueue(event!);
      const stats = await spineOf(failingEnqueue(backend, 'ORDER_BILLED', 'unknown'), [new EmittingOrgan()], { retryAttempts: 1 }).run();
      // Delivered again until maxDeliveries, then refused unrun: its only dead letter is the source's own.
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((l) => [l.event?.id, l.error.name])).toEqual([[event!.id, 'DeliveryExhaustedError']]);
      expect(stats.eventsDeadLettered).toBe(1);
    });

    it('redelivers the sources of emitted events that cannot be stored (FAIL), dead-lettering nothing', async () => {
      const backend = await ctx.open();
      const [event] = makeEvents('ORDER_PLACED', 1);
      await backend.enqueue(event!);
      const spine = spineOf(failingEnqueue(backend, 'ORDER_BILLED'), [new EmittingOrgan()], { enqueueFailureMode: EnqueueFailureMode.FAIL });
      await expect(spine.run()).rejects.toBeInstanceOf(EnqueueError);
      expect(await backend.deadLetters.getAll()).toEqual([]);
      const [again] = await ctx.pull(backend, 1);
      // Delivered again (the loop may have handled the redelivery once more before the error ended it).
      expect(again?.kind === 'event' && again.event.id).toBe(event!.id);
      expect(again?.attempt).toBeGreaterThanOrEqual(2);
    });

    it('dead-letters unrun a delivery handed out past maxDeliveries', async () => {
      const backend = await ctx.open({ maxDeliveries: 2 });
      const shipping = new ShippingOrgan();
      await backend.subscribe([{ group: 'Shipping', eventTypes: ['ORDER_PLACED'] }]);
      const [event] = makeEvents('ORDER_PLACED', 1);
      await backend.enqueue(event!);
      // Nacked without the Spine's limit, as deliveries taken over after crashes come back counted.
      for (let attempt = 1; attempt <= 2; attempt++) await backend.settle(settlement({ nacks: await ctx.pull(backend, 1) }));
      await spineOf(backend, [shipping]).run();
      expect(shipping.handled).toEqual([]);
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((l) => [l.event?.id, l.organ, l.error.name, l.attempts])).toEqual([[event!.id, 'Shipping', 'DeliveryExhaustedError', 2]]);
      await ctx.expectNoMore(backend);
    });

    it('records the tries really made: a transient failure, then a deterministic one, is 2 tries', async () => {
      const backend = await ctx.open();
      const flaky = new FlakyThenBrokenOrgan();
      await spineOf(backend, [flaky], { retryAttempts: 5 }).run(makeEvents('ORDER_PLACED', 1));
      const letters = await backend.deadLetters.getAll();
      expect([flaky.calls, ...letters.map((l) => [l.error.name, l.attempts])]).toEqual([2, ['HandlerResultError', 2]]);
    });

    itWhen(ctx.capabilities.malformedEntries, 'malformedEntries', 'dead-letters an entry that is not an event, with its raw text', async () => {
      const backend = await ctx.open();
      await ctx.enqueueRaw('{"event_type": "ORDER_PLACED", "payload": ');
      await spineOf(backend, [new ShippingOrgan()]).run();
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((l) => [l.event, l.organ, l.error.name])).toEqual([[undefined, 'Shipping', 'MalformedEntryError']]);
      expect(letters[0]?.raw).toContain('"payload": ');
    });
  });
}

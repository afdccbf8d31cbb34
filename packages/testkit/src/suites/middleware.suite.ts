import {
  Event, HandlerFailureMode, HandlerTimeoutError, ListensTo, Organ, Spine, silentLogger,
  type Backend, type HandlerContext, type HandlerMiddleware, type SpineSettings,
} from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { BillingOrgan, InvoicingOrgan } from './conformance-organs';

/** What one middleware saw of a call. */
interface SeenCall {
  readonly organ: string;
  readonly eventType: string;
  readonly group: string;
  readonly attempt: number;
}

function recording(into: SeenCall[]): HandlerMiddleware {
  return (next) => (event, context) => {
    into.push({ organ: context.organ, eventType: context.eventType, group: context.group, attempt: context.attempt });
    return next(event, context);
  };
}

function tagging(tag: string, order: string[]): HandlerMiddleware {
  return (next) => (event, context) => {
    order.push(tag);
    return next(event, context);
  };
}

const order: string[] = [];

@Organ({ name: 'Tagged', middleware: [tagging('organ', order)] })
@ListensTo('ORDER_PLACED')
class TaggedOrgan {
  handle(): void {
    order.push('handler');
  }
}

/** Waits for its signal on the first try (recording when it was aborted, and why); succeeds on the next. */
@Organ({ name: 'Patient' })
@ListensTo('ORDER_PLACED')
class PatientOrgan {
  readonly tries: { startedAt: number; signalAborted: boolean }[] = [];
  abortedAt = 0;
  abortReason: unknown;

  async handle(_event: Event, context: HandlerContext): Promise<void> {
    this.tries.push({ startedAt: performance.now(), signalAborted: context.signal.aborted });
    if (this.tries.length > 1) return;
    await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => {
      this.abortedAt = performance.now();
      this.abortReason = context.signal.reason;
      resolve();
    }, { once: true }));
    await new Promise((resolve) => setTimeout(resolve, 20)); // still busy when the timeout fired
  }
}

/** Handler middleware as the Spine runs it, on this backend. */
export function middlewareSuite(ctx: ConformanceContext): void {
  function spineOf(backend: Backend, organs: object[], settings: SpineSettings = {}): Spine {
    return new Spine({ organs, backend, logger: silentLogger, retryBaseDelayMs: 1, maxSteps: 1_000, ...settings });
  }

  describe('with handler middleware', () => {
    it('sees every handler call with its organ, event type, group and delivery attempt', async () => {
      const backend = await ctx.open({ maxDeliveries: 2 });
      const seen: SeenCall[] = [];
      const billing = new BillingOrgan();
      billing.failing = true;
      const spine = spineOf(backend, [billing], { middleware: [recording(seen)], handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1 });
      await spine.run(makeEvents('ORDER_PLACED', 1));
      expect(seen).toEqual([
        { organ: 'Billing', eventType: 'ORDER_PLACED', group: 'Billing', attempt: 1 },
        { organ: 'Billing', eventType: 'ORDER_PLACED', group: 'Billing', attempt: 2 },
      ]);
    });

    it('runs the Spine\'s middleware, then the organ\'s, then the handler', async () => {
      const backend = await ctx.open();
      order.length = 0;
      await spineOf(backend, [new TaggedOrgan()], { middleware: [tagging('spine 1', order), tagging('spine 2', order)] }).run(makeEvents('ORDER_PLACED', 1));
      expect(order).toEqual(['spine 1', 'spine 2', 'organ', 'handler']);
    });

    it('may replace the result: the events it returns are published', async () => {
      const backend = await ctx.open();
      const invoicing = new InvoicingOrgan();
      const replace: HandlerMiddleware = (next) => async (event, context) => {
        await next(event, context);
        return context.organ === 'Billing' ? new Event('ORDER_BILLED', { n: 42 }) : undefined;
      };
      await spineOf(backend, [new BillingOrgan(), invoicing], { middleware: [replace] }).run(makeEvents('ORDER_PLACED', 1));
      expect(invoicing.handled.map((e) => e.payload.n)).toEqual([42]);
    });

    it('may short-circuit: the handler does not run and the delivery is acked', async () => {
      const backend = await ctx.open();
      const billing = new BillingOrgan();
      const skip: HandlerMiddleware = () => () => undefined;
      const stats = await spineOf(backend, [billing], { middleware: [skip] }).run(makeEvents('ORDER_PLACED', 2));
      expect([billing.calls, stats.eventsProcessed, stats.eventsDeadLettered]).toEqual([0, 2, 0]);
      await ctx.expectNoMore(backend);
    });

    it('fails the delivery when it throws, as a handler failure (STORE: a dead letter with its error)', async () => {
      const backend = await ctx.open();
      const billing = new BillingOrgan();
      const refuse: HandlerMiddleware = () => () => { throw new Error('rate limit exceeded'); };
      const [event] = makeEvents('ORDER_PLACED', 1);
      const stats = await spineOf(backend, [billing], { middleware: [refuse], handlerFailureMode: HandlerFailureMode.STORE }).run(event!);
      expect(billing.calls).toBe(0);
      expect(stats.handlerErrors).toEqual({ Billing: 1 });
      const letters = await backend.deadLetters.getAll();
      expect(letters.map((l) => [l.event?.id, l.organ, l.error.message])).toEqual([[event!.id, 'Billing', 'rate limit exceeded']]);
    });

    it('aborts the context\'s signal when handlerTimeoutMs passes, before the retry starts', async () => {
      const backend = await ctx.open();
      const patient = new PatientOrgan();
      const stats = await spineOf(backend, [patient], { handlerTimeoutMs: 40, retryAttempts: 2 }).run(makeEvents('ORDER_PLACED', 1));
      expect(patient.tries).toHaveLength(2);
      expect(patient.abortReason).toBeInstanceOf(HandlerTimeoutError);
      expect(patient.abortedAt).toBeGreaterThan(0);
      expect(patient.abortedAt).toBeLessThanOrEqual(patient.tries[1]!.startedAt);
      expect(patient.tries.map((t) => t.signalAborted)).toEqual([false, false]); // the retry has a fresh signal
      expect([stats.handlerRetries, stats.eventsDeadLettered]).toEqual([1, 0]);
    });
  });
}

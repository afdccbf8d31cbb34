// runOrgans(): the organ-testing helper users get.
import { Event, HandlerFailureMode, ListensTo, Organ } from '@necrostack/core';
import { runOrgans } from '../src';

@Organ()
@ListensTo('ORDER_PLACED')
class Checkout {
  handle(event: Event) {
    const amount = event.payload.amount as number;
    if (amount < 0) throw new RangeError('negative amount');
    return [new Event('PAYMENT_REQUESTED', { amount }), new Event('RECEIPT_SENT', { to: 'a@b.c' })];
  }
}

@Organ()
@ListensTo('PAYMENT_REQUESTED')
class Payments {
  handle(event: Event) {
    return new Event('PAYMENT_PROCESSED', { amount: event.payload.amount as number });
  }
}

describe('runOrgans()', () => {
  it('returns every emitted event in order, excluding the inputs', async () => {
    const input = new Event('ORDER_PLACED', { amount: 10 });
    const run = await runOrgans([Checkout, Payments], [input]);
    expect(run.emitted.map((e) => e.eventType)).toEqual(['PAYMENT_REQUESTED', 'RECEIPT_SENT', 'PAYMENT_PROCESSED']);
    expect(run.emitted.map((e) => e.id)).not.toContain(input.id);
    expect(run.emitted.every((e) => e.correlationId === input.id)).toBe(true);
  });

  it('filters emitted events by type', async () => {
    const run = await runOrgans([new Checkout(), new Payments()], new Event('ORDER_PLACED', { amount: 10 }));
    expect(run.emittedOfType('PAYMENT_PROCESSED').map((e) => e.payload)).toEqual([{ amount: 10 }]);
    expect(run.emittedOfType('NOTHING')).toEqual([]);
  });

  it('reports dead letters and stats', async () => {
    const run = await runOrgans([Checkout], [new Event('ORDER_PLACED', { amount: -1 }), new Event('ORDER_PLACED', { amount: 5 })]);
    expect(run.deadLetters).toHaveLength(1);
    expect(run.deadLetters[0]).toMatchObject({ organ: 'Checkout', attempts: 3, error: { name: 'RangeError', message: 'negative amount' } });
    expect(run.stats).toMatchObject({ eventsProcessed: 2, eventsEmitted: 2, eventsDeadLettered: 1, handlerRetries: 2, handlerErrors: { Checkout: 1 } });
    expect(run.emitted).toHaveLength(2);
  });

  it('passes Spine and backend options through', async () => {
    const run = await runOrgans([Checkout], new Event('ORDER_PLACED', { amount: -1 }), {
      handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1, backend: { maxDeliveries: 2 },
    });
    expect(run.deadLetters[0]?.attempts).toBe(2);
    expect(run.stats.handlerErrors).toEqual({ Checkout: 2 });
  });

  it('gives an empty result for events nobody handles', async () => {
    const run = await runOrgans([Checkout], new Event('UNKNOWN'));
    expect([run.emitted, run.deadLetters, run.stats.eventsProcessed]).toEqual([[], [], 0]);
  });
});

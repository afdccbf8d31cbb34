// Events of a type no organ listens to do not vanish without a word: the Spine counts them by type
// (stats.unroutedEvents), warns once per type naming the types its organs do listen to, and logs
// each one at debug.
import { Event, ListensTo, Organ, Spine } from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { recordingLogger } from './helpers';

@Organ()
@ListensTo('ORDER_PLACED')
class TakePayment {
  handle(event: Event) {
    return new Event('PAYMENT_TAKNE', { orderId: event.payload.orderId as string }); // a typo: nobody listens
  }
}

@Organ()
@ListensTo(['PAYMENT_TAKEN', 'ORDER_CANCELLED'])
class SendReceipt {
  handle() {}
}

function spineWith(debug: boolean) {
  const logger = recordingLogger({ debug });
  const spine = new Spine({ organs: [new TakePayment(), new SendReceipt()], backend: new InMemoryBackend(), logger, retryBaseDelayMs: 1 });
  const unrouted = () => logger.lines.filter((l) => /listens|Unrouted/.test(l.message));
  return { spine, unrouted };
}

describe('events no organ listens to', () => {
  it('are counted by type, with one warning per type that names the known types', async () => {
    const { spine, unrouted } = spineWith(false);
    await spine.publish([new Event('ORDER_PLACD', { orderId: 'A-1' }), new Event('ORDER_PLACD', { orderId: 'A-2' })]);
    await spine.publish(new Event('ORDER_PLACED', { orderId: 'A-3' }));
    const stats = await spine.run();

    expect(stats.unroutedEvents).toEqual({ ORDER_PLACD: 2, PAYMENT_TAKNE: 1 });
    expect(unrouted()).toEqual([
      { level: 'warn', message: 'No organ of this Spine listens to the event type', fields: expect.objectContaining({
        event_type: 'ORDER_PLACD', source: 'published', known_types: ['ORDER_CANCELLED', 'ORDER_PLACED', 'PAYMENT_TAKEN'],
      }) },
      { level: 'warn', message: 'No organ of this Spine listens to the event type', fields: expect.objectContaining({
        event_type: 'PAYMENT_TAKNE', source: 'emitted', organ: 'TakePayment', known_types: ['ORDER_CANCELLED', 'ORDER_PLACED', 'PAYMENT_TAKEN'],
      }) },
    ]);
    expect(String(unrouted()[0]?.fields.help)).toContain('another process');
  });

  it('are logged one by one at debug level', async () => {
    const { spine, unrouted } = spineWith(true);
    const events = [new Event('NOBODY', {}), new Event('NOBODY', {})];
    await spine.publish(events);

    expect(unrouted().filter((l) => l.level === 'debug')).toEqual(events.map((e) => ({
      level: 'debug', message: 'Unrouted event', fields: expect.objectContaining({ event_type: 'NOBODY', event_id: e.id, source: 'published' }),
    })));
    expect(spine.getStats().unroutedEvents).toEqual({ NOBODY: 2 });
  });

  it('are not counted when an organ listens', async () => {
    const { spine, unrouted } = spineWith(true);
    const stats = await spine.run(new Event('ORDER_CANCELLED', { orderId: 'A-1' }));
    expect(stats.unroutedEvents).toEqual({});
    expect(unrouted()).toEqual([]);
  });
});

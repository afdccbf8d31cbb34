// The Spine refuses, when it is built, an organ option its backend cannot honour.
import { InMemoryBackend } from '@necrostack/backend-memory';
import { ConfigurationError, Event, ListensTo, Organ, Spine, silentLogger, type Backend } from '../src';
import { thrown } from './helpers';

@Organ({ name: 'OnceOnly', idempotent: true })
@ListensTo('ORDER_PLACED')
class OnceOnly {
  readonly handled: string[] = [];
  handle(event: Event): void {
    this.handled.push(event.id);
  }
}

/** A backend written before capabilities existed: it declares none. */
function withoutCapabilities(backend: InMemoryBackend): Backend {
  return {
    enqueue: (events) => backend.enqueue(events),
    subscribe: (subscriptions) => backend.subscribe(subscriptions),
    pull: (max, waitMs) => backend.pull(max, waitMs),
    settle: (settlement) => backend.settle(settlement),
    close: () => backend.close(),
    deadLetters: backend.deadLetters,
    maxDeliveries: backend.maxDeliveries,
  };
}

describe('Spine capability checks', () => {
  it('refuses an idempotent organ on a backend that cannot remember completed events, naming both', () => {
    const error = thrown(() => new Spine({ organs: [new OnceOnly()], backend: withoutCapabilities(new InMemoryBackend()), logger: silentLogger }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('Invalid option idempotent: organ OnceOnly asks for idempotent delivery, which the backend cannot honour');
    expect((error as ConfigurationError).help).toContain('deduplicate in the handler');
  });

  it('honours idempotent organs in memory: an event id completed once is not handled again', async () => {
    const organ = new OnceOnly();
    const spine = new Spine({ organs: [organ], backend: new InMemoryBackend(), logger: silentLogger });
    const event = new Event('ORDER_PLACED', {});
    await spine.run(event);
    await spine.run(event);
    await spine.run(new Event('ORDER_PLACED', {}));
    expect(organ.handled).toHaveLength(2);
    expect(organ.handled[0]).toBe(event.id);
  });

  it('forgets the oldest completed ids past idempotencyWindow', async () => {
    const organ = new OnceOnly();
    const spine = new Spine({ organs: [organ], backend: new InMemoryBackend({ idempotencyWindow: 2 }), logger: silentLogger });
    const [a, b, c] = [new Event('ORDER_PLACED', {}), new Event('ORDER_PLACED', {}), new Event('ORDER_PLACED', {})];
    await spine.run([a, b, c]);
    await spine.run([a, c]);
    expect(organ.handled).toEqual([a.id, b.id, c.id, a.id]);
  });
});

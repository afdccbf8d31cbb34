// onHandlerFinished: one report per handler call of a delivery, with its duration and result.
import { Event, ListensTo, Organ, Spine, silentLogger, type HandlerTiming, type Logger } from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';

@Organ({ name: 'Quick' })
@ListensTo('ORDER_PLACED')
class Quick {
  handle() {
    return new Event('ORDER_ACCEPTED', {});
  }
}

@Organ({ name: 'Slow' })
@ListensTo('ORDER_PLACED')
class Slow {
  async handle() {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

@Organ({ name: 'Failing' })
@ListensTo('ORDER_ACCEPTED')
class Failing {
  async handle(): Promise<void> {
    throw new Error('declined');
  }
}

function spineWith(onHandlerFinished: (timing: HandlerTiming) => void, logger: Logger = silentLogger): Spine {
  return new Spine({
    organs: [new Quick(), new Slow(), new Failing()], backend: new InMemoryBackend(),
    logger, retryAttempts: 2, retryBaseDelayMs: 1, onHandlerFinished,
  });
}

describe('onHandlerFinished', () => {
  it('reports each handler call with its organ, event type, duration and outcome', async () => {
    const timings: HandlerTiming[] = [];
    await spineWith((timing) => timings.push(timing)).run(new Event('ORDER_PLACED', {}));

    const byOrgan = Object.fromEntries(timings.map((t) => [t.organ, t]));
    expect(timings).toHaveLength(3);
    expect(byOrgan.Quick).toMatchObject({ eventType: 'ORDER_PLACED', succeeded: true });
    expect(byOrgan.Slow).toMatchObject({ eventType: 'ORDER_PLACED', succeeded: true });
    expect(byOrgan.Slow!.durationMs).toBeGreaterThanOrEqual(15);
    expect(byOrgan.Failing).toMatchObject({ eventType: 'ORDER_ACCEPTED', succeeded: false });
    for (const t of timings) expect(t.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a failing handler once, after its retries', async () => {
    const timings: HandlerTiming[] = [];
    const spine = spineWith((timing) => timings.push(timing));
    const stats = await spine.run(new Event('ORDER_ACCEPTED', {}));

    expect(stats.handlerRetries).toBe(1);
    expect(timings).toEqual([expect.objectContaining({ organ: 'Failing', succeeded: false })]);
  });

  it('logs and ignores an observer that throws; the delivery goes on', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message: string) => { warnings.push(message); }, child: () => logger };
    const stats = await spineWith(() => { throw new Error('observer broke'); }, logger).run(new Event('ORDER_PLACED', {}));

    expect(stats.eventsEmitted).toBe(1);
    expect(stats.eventsDeadLettered).toBe(1); // only Failing's delivery
    expect(warnings).toContain('onHandlerFinished threw; ignored');
  });
});

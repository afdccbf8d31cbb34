// The Spine on Nest's lifecycle: started on bootstrap, stopped before shutdown, backend closed on shutdown.
import { ClosedError, Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { Injectable, Module } from '@nestjs/common';
import { settlesWithin } from '@necrostack/testkit';
import { NecroStackHealthIndicator } from '../src';
import { gate, waitFor } from '../../core/test/helpers';
import { closeAll, startModule } from './support/testing-app';

/** Lets the test hold a handler in flight and see it start. */
@Injectable()
class Valve {
  gate = gate();
  started = 0;
  finished = 0;
}

@Organ()
@ListensTo('SLOW')
class SlowOrgan {
  constructor(private readonly valve: Valve) {}

  async handle(event: Event) {
    this.valve.started++;
    await this.valve.gate.promise;
    this.valve.finished++;
    return new Event('SLOW_DONE', { id: event.id });
  }
}

@Module({ providers: [Valve, SlowOrgan] })
class SlowModule {}

/** A backend that notes the Spine's state when it is closed, to see the order of the shutdown steps. */
class WatchedBackend extends InMemoryBackend {
  spineStateAtClose: string | undefined;
  health: NecroStackHealthIndicator | undefined;
  override async close(): Promise<void> {
    this.spineStateAtClose = (await this.health?.isHealthy())?.necrostack?.spine;
    await super.close();
  }
}

afterEach(closeAll);

describe('on application bootstrap', () => {
  it('starts the Spine: an event enqueued on the backend is handled without a call', async () => {
    const backend = new InMemoryBackend();
    const app = await startModule({ imports: [SlowModule], backend });
    const valve = app.get(Valve);
    valve.gate.open();

    await backend.enqueue(new Event('SLOW'));
    await waitFor(() => valve.finished === 1, 'the organ to run');
  });

  it('leaves the Spine idle with autoStart: false', async () => {
    const backend = new InMemoryBackend();
    const app = await startModule({ imports: [SlowModule], backend, autoStart: false });
    await backend.enqueue(new Event('SLOW'));
    app.get(Valve).gate.open();
    expect((await app.get(NecroStackHealthIndicator).isHealthy()).necrostack?.spine).toBe('idle');
    // Nothing runs the Spine (run() would throw "already running"): the test runs it.
    await app.get(Spine).run();
    expect(app.get(Valve).finished).toBe(1);
  });
});

describe('moduleRef.close()', () => {
  it('stops the Spine, then closes the backend', async () => {
    const backend = new WatchedBackend();
    const app = await startModule({ imports: [SlowModule], backend });
    const health = app.get(NecroStackHealthIndicator);
    backend.health = health;
    app.get(Valve).gate.open();
    await app.get(Spine).publish(new Event('SLOW'));
    await waitFor(() => app.get(Valve).finished === 1, 'the organ to run');
    expect((await health.isHealthy()).necrostack?.spine).toBe('running');

    await app.close();

    expect(backend.spineStateAtClose).toBe('stopped');
    await expect(backend.enqueue(new Event('SLOW'))).rejects.toBeInstanceOf(ClosedError);
  });

  it('resolves only once the in-flight handler finished and its delivery was settled', async () => {
    const backend = new InMemoryBackend();
    const app = await startModule({ imports: [SlowModule], backend });
    const valve = app.get(Valve);
    await app.get(Spine).publish(new Event('SLOW'));
    await waitFor(() => valve.started === 1, 'the handler to start');

    const closing = app.close();
    expect(await settlesWithin(closing, 100)).toBe('pending');
    valve.gate.open();
    await closing;

    expect(valve.finished).toBe(1);
    expect(app.get(Spine).getStats()).toMatchObject({ eventsProcessed: 1, eventsEmitted: 1 });
  });

  it('hands an unfinished delivery back when the stop deadline (shutdownTimeoutMs) passes', async () => {
    const backend = new InMemoryBackend();
    const app = await startModule({ imports: [SlowModule], backend, spine: { shutdownTimeoutMs: 50 } });
    const valve = app.get(Valve);
    await app.get(Spine).publish(new Event('SLOW'));
    await waitFor(() => valve.started === 1, 'the handler to start');

    await app.close();

    expect(valve.finished).toBe(0);
    expect(app.get(Spine).getStats().eventsProcessed).toBe(0);
    valve.gate.open();
  });
});

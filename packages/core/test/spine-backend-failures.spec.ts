// When the backend fails: enqueue failure modes, publish errors, the circuit breaker.
import {
  BackendFullError, BackendUnavailableError, EnqueueError, EnqueueFailureMode, Event, ListensTo, Organ, Spine, silentLogger,
  type Delivery, type Settlement, type SpineOptions,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { settled, waitFor } from './helpers';

/** An in-memory backend whose enqueue of emitted OUT events fails `failures` times. */
class FailingEnqueueBackend extends InMemoryBackend {
  failures = 0;
  outAttempts = 0;

  override enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    const batch = (Array.isArray(events) ? events : [events]) as readonly Event<object>[];
    if (batch.some((e) => e.eventType === 'OUT')) {
      this.outAttempts++;
      if (this.failures > 0) {
        this.failures--;
        return Promise.reject(new Error('disk full'));
      }
    }
    return super.enqueue(events);
  }
}

/** An in-memory backend whose pull throws while `down` says so. */
class FlakyPullBackend extends InMemoryBackend {
  pulls = 0;
  constructor(private readonly down: (pull: number) => boolean) {
    super();
  }

  override pull(max: number, waitMs: number): Promise<Delivery[]> {
    this.pulls++;
    if (this.down(this.pulls)) return Promise.reject(new Error('connect ECONNREFUSED redis://app:hunter2@db:6379'));
    return super.pull(max, waitMs);
  }
}

@Organ()
@ListensTo('IN')
class Producer {
  calls = 0;
  handle(event: Event) {
    this.calls++;
    return [new Event('OUT', { n: event.payload.n ?? 0 }), new Event('OUT', { n: 100 })];
  }
}

@Organ()
@ListensTo('OUT')
class Consumer {
  readonly seen: unknown[] = [];
  handle(event: Event) {
    this.seen.push(event.payload.n);
  }
}

function spineFor(backend: InMemoryBackend, options: Partial<SpineOptions> = {}, organs: readonly object[] = [new Producer(), new Consumer()]) {
  return new Spine({ logger: silentLogger, retryBaseDelayMs: 1, ...options, organs, backend });
}

describe('when emitted events cannot be enqueued', () => {
  describe('in STORE mode (the default)', () => {
    it('rides out a short outage: retries the enqueue, then the events go on', async () => {
      const backend = new FailingEnqueueBackend();
      backend.failures = 2;
      const consumer = new Consumer();
      const stats = await spineFor(backend, {}, [new Producer(), consumer]).run(new Event('IN', { n: 3 }));
      expect(backend.outAttempts).toBe(3);
      expect(consumer.seen).toEqual([3, 100]);
      expect(stats.enqueueFailures).toEqual({});
      expect(stats.eventsDeadLettered).toBe(0);
    });

    it('dead-letters the emitted events after retryAttempts tries, acks the source and counts the failures', async () => {
      const backend = new FailingEnqueueBackend();
      backend.failures = 3;
      const producer = new Producer();
      const consumer = new Consumer();
      const spine = spineFor(backend, {}, [producer, consumer]);
      const stats = await spine.run(new Event('IN', { n: 1 }));
      expect(stats.enqueueFailures).toEqual({ OUT: 2 });
      expect(stats.eventsEmitted).toBe(0);
      expect(consumer.seen).toEqual([]);
      const letters = await spine.failedEventStore.getAll();
      expect(letters.map((l) => [l.event?.eventType, l.event?.payload.n, l.organ, l.group, l.error.name])).toEqual([
        ['OUT', 1, 'Producer', undefined, 'EnqueueError'],
        ['OUT', 100, 'Producer', undefined, 'EnqueueError'],
      ]);
      expect(letters[0]?.error.message).toContain('disk full');
      expect(letters[0]?.attempts).toBe(3);
      expect(backend.outAttempts).toBe(3);
      expect(letters[0]?.event?.causationDepth).toBe(1);
      await spine.run();
      expect(producer.calls).toBe(1);
    });

    it('dead-letters them when a bounded in-memory backend is full', async () => {
      const backend = new InMemoryBackend({ maxSize: 1 });
      const spine = spineFor(backend);
      await spine.run(new Event('IN', { n: 1 }));
      const letters = await spine.failedEventStore.getAll();
      expect(letters).toHaveLength(2);
      expect(letters[0]?.error.name).toBe('EnqueueError');
      expect(letters[0]?.error.message).toMatch(/full/i);
    });

    it('sends them to the backend again when the dead letters are replayed', async () => {
      const backend = new FailingEnqueueBackend();
      backend.failures = 3;
      const consumer = new Consumer();
      const spine = spineFor(backend, {}, [new Producer(), consumer]);
      await spine.run(new Event('IN', { n: 7 }));
      expect(await backend.deadLetters.replay()).toBe(2);
      await spine.run();
      expect(consumer.seen).toEqual([7, 100]);
    });
  });

  describe('in FAIL mode', () => {
    it('rejects run() with EnqueueError and keeps the source for redelivery', async () => {
      const backend = new FailingEnqueueBackend();
      backend.failures = 1;
      const producer = new Producer();
      const consumer = new Consumer();
      const spine = spineFor(backend, { enqueueFailureMode: EnqueueFailureMode.FAIL }, [producer, consumer]);
      const outcome = await settled(spine.run(new Event('IN', { n: 1 })));
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error as EnqueueError;
      expect(error).toBeInstanceOf(EnqueueError);
      expect(error.eventIds).toHaveLength(2);
      expect(backend.outAttempts).toBe(1);
      expect(spine.getStats().enqueueFailures).toEqual({ OUT: 2 });
      expect(spine.failedEventStore.size).toBe(0);

      // The backend recovered: the source is delivered again, and its events go through.
      await spine.run();
      expect(producer.calls).toBe(2);
      expect(consumer.seen).toEqual([1, 100]);
    });
  });

  describe('in RETRY mode', () => {
    it('retries the enqueue and goes on when it succeeds', async () => {
      const backend = new FailingEnqueueBackend();
      backend.failures = 2;
      const consumer = new Consumer();
      const spine = spineFor(backend, { enqueueFailureMode: EnqueueFailureMode.RETRY, retryAttempts: 3 }, [new Producer(), consumer]);
      const stats = await spine.run(new Event('IN', { n: 1 }));
      expect(backend.outAttempts).toBe(3);
      expect(consumer.seen).toEqual([1, 100]);
      expect(stats.enqueueFailures).toEqual({});
      expect(spine.failedEventStore.size).toBe(0);
    });

    it('fails like FAIL after retryAttempts tries', async () => {
      const backend = new FailingEnqueueBackend();
      backend.failures = Number.POSITIVE_INFINITY;
      const producer = new Producer();
      const spine = spineFor(backend, { enqueueFailureMode: EnqueueFailureMode.RETRY, retryAttempts: 4 }, [producer, new Consumer()]);
      await expect(spine.run(new Event('IN', { n: 1 }))).rejects.toThrow(EnqueueError);
      expect(backend.outAttempts).toBe(4);
      expect(spine.failedEventStore.size).toBe(0);
      backend.failures = 0;
      await spine.run();
      expect(producer.calls).toBe(2);
    });
  });
});

describe('when publish() cannot enqueue', () => {
  it('passes a NecroStackError from the backend through (BackendFullError)', async () => {
    const backend = new InMemoryBackend({ maxSize: 1 });
    const spine = spineFor(backend);
    await expect(spine.publish([new Event('IN'), new Event('IN')])).rejects.toThrow(BackendFullError);
  });

  it('wraps any other error in an EnqueueError with the event ids and the cause', async () => {
    const backend = new InMemoryBackend();
    const cause = new Error('socket closed');
    jest.spyOn(backend, 'enqueue').mockRejectedValue(cause);
    const events = [new Event('IN'), new Event('IN')];
    const outcome = await settled(spineFor(backend).publish(events));
    const error = (outcome as { error: unknown }).error as EnqueueError;
    expect(error).toBeInstanceOf(EnqueueError);
    expect(error.eventIds).toEqual(events.map((e) => e.id));
    expect(error.cause).toBe(cause);
  });
});

describe('when the backend keeps failing (circuit breaker)', () => {
  it('rejects run() with BackendUnavailableError after maxConsecutiveBackendFailures, masking secrets', async () => {
    const backend = new FlakyPullBackend(() => true);
    const spine = spineFor(backend, { maxConsecutiveBackendFailures: 4 });
    const outcome = await settled(spine.run());
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error as BackendUnavailableError;
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(error.code).toBe('NECRO_BACKEND_UNAVAILABLE');
    expect(backend.pulls).toBe(4);
    expect(spine.getStats().backendErrors).toBe(4);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('redis://app:****@db:6379');
    expect((error.cause as Error).message).toContain('ECONNREFUSED');
  });

  it('counts only consecutive failures: a success closes the circuit again', async () => {
    // Every other pull fails; with a limit of 2 in a row the circuit never opens.
    const backend = new FlakyPullBackend((pull) => pull % 2 === 1);
    const consumer = new Consumer();
    const spine = spineFor(backend, { maxConsecutiveBackendFailures: 2, batchSize: 1 }, [consumer]);
    await backend.enqueue([1, 2, 3, 4, 5].map((n) => new Event('OUT', { n })));
    const stats = await spine.run();
    expect(consumer.seen).toEqual([1, 2, 3, 4, 5]);
    expect(stats.backendErrors).toBeGreaterThanOrEqual(5);
  });

  it('keeps a runForever() worker alive past the limit, until stop()', async () => {
    let down = true;
    const backend = new FlakyPullBackend(() => down);
    const consumer = new Consumer();
    const spine = spineFor(backend, { maxConsecutiveBackendFailures: 2, pollIntervalMs: 10 }, [consumer]);
    const worker = spine.runForever();
    await waitFor(() => spine.getStats().backendErrors >= 5, 'five failed pulls');
    down = false;
    await backend.enqueue(new Event('OUT', { n: 1 }));
    await waitFor(() => consumer.seen.length === 1, 'the worker to recover');
    await spine.stop();
    await expect(worker).resolves.toBeUndefined();
    await backend.close();
  });

  it('counts a failed settlement in ackErrors and goes on', async () => {
    const backend = new InMemoryBackend();
    const settle = jest.spyOn(backend, 'settle');
    settle.mockImplementationOnce((_s: Settlement) => Promise.reject(new Error('ack lost')));
    const consumer = new Consumer();
    const spine = spineFor(backend, {}, [consumer]);
    const stats = await spine.run(new Event('OUT', { n: 1 }));
    expect(consumer.seen).toEqual([1]);
    expect(stats.ackErrors).toBe(1);
  });

  it('opens the circuit when settlements keep failing, though pulls work', async () => {
    const backend = new InMemoryBackend();
    jest.spyOn(backend, 'settle').mockImplementation(() => Promise.reject(new Error('OOM command not allowed')));
    const spine = spineFor(backend, { maxConsecutiveBackendFailures: 2, batchSize: 1 }, [new Consumer()]);
    await backend.enqueue(Array.from({ length: 5 }, (_, n) => new Event('OUT', { n })));

    const result = await settled(spine.run());

    expect(result.ok).toBe(false);
    expect((result as { error: unknown }).error).toBeInstanceOf(BackendUnavailableError);
    expect(spine.getStats().ackErrors).toBeGreaterThanOrEqual(2); // the batch handled meanwhile is settled (and fails) too
  });
});

describe('when the backend cannot be reached for good', () => {
  /** An in-memory backend whose subscribe fails with `error`, or never answers without one. */
  class UnreachableBackend extends InMemoryBackend {
    subscribes = 0;
    constructor(private readonly error?: Error) {
      super();
    }

    override subscribe(): Promise<void> {
      this.subscribes++;
      return this.error ? Promise.reject(this.error) : new Promise<void>(() => undefined);
    }
  }

  it('run() rejects at once with a permanent BackendUnavailableError, without retrying', async () => {
    const permanent = new BackendUnavailableError('Redis refused the password', { permanent: true });
    const backend = new UnreachableBackend(permanent);
    const spine = spineFor(backend, { maxConsecutiveBackendFailures: 50, retryBaseDelayMs: 1 });
    await expect(spine.run()).rejects.toBe(permanent);
    expect(backend.subscribes).toBe(1);
  });

  it('stop() does not wait for a subscribe that never answers', async () => {
    const backend = new UnreachableBackend();
    const spine = spineFor(backend);
    const running = spine.runForever();
    await waitFor(() => backend.subscribes === 1, 'the subscribe');
    await spine.stop(100);
    await expect(running).resolves.toBeUndefined();
  });
});

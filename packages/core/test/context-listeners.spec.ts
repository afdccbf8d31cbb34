// HandlerContext.onRetry and onOutcome: how a middleware outside the built-in retries learns of
// each retry and of what the failure policy decided.
import {
  Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger, type HandlerMiddleware, type HandlerOutcome,
  type HandlerRetry, type SpineSettings,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { recordingLogger } from './helpers';

@Organ({ name: 'Flaky' })
@ListensTo('JOB')
class Flaky {
  failuresLeft = 0;
  handle(): void {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error(`flaky ${this.failuresLeft}`);
    }
  }
}

@Organ({ name: 'Broken' })
@ListensTo('JOB')
class Broken {
  async handle(): Promise<void> {
    throw new Error('card declined');
  }
}

@Organ({ name: 'First', group: 'shared' })
@ListensTo('JOB')
class First {
  handle(): void {}
}

@Organ({ name: 'Second', group: 'shared' })
@ListensTo('JOB')
class Second {
  failing = true;
  handle(): void {
    if (this.failing) throw new Error('second failed');
  }
}

/** What a listening middleware heard, per organ. */
interface Heard {
  readonly retries: HandlerRetry[];
  readonly outcomes: HandlerOutcome[];
}

/** Registers both listeners on every call, before calling on. */
function listening(heard: Map<string, Heard>): HandlerMiddleware {
  return (next) => (event, context) => {
    const entry = heard.get(context.organ) ?? { retries: [], outcomes: [] };
    heard.set(context.organ, entry);
    context.onRetry((retry) => entry.retries.push(retry));
    context.onOutcome((outcome) => entry.outcomes.push(outcome));
    return next(event, context);
  };
}

function spineOf(organs: object[], heard: Map<string, Heard>, settings: SpineSettings = {}): Spine {
  return new Spine({
    organs, backend: new InMemoryBackend(), logger: silentLogger, retryBaseDelayMs: 1, middleware: [listening(heard)], ...settings,
  });
}

describe('HandlerContext listeners', () => {
  describe('onRetry', () => {
    it('tells a middleware outside the retries of each retry, with the tries made, the error and the backoff', async () => {
      const flaky = new Flaky();
      flaky.failuresLeft = 2;
      const heard = new Map<string, Heard>();
      await spineOf([flaky], heard, { retryAttempts: 3 }).run(new Event('JOB', {}));
      const { retries, outcomes } = heard.get('Flaky') as Heard;
      expect(retries.map((r) => r.tries)).toEqual([1, 2]);
      expect(retries.map((r) => (r.error as Error).message)).toEqual(['flaky 1', 'flaky 0']);
      for (const retry of retries) expect(retry.delayMs).toBeGreaterThan(0);
      expect(outcomes).toEqual([{ kind: 'ack' }]);
    });

    it('is not called when the first try succeeds', async () => {
      const heard = new Map<string, Heard>();
      await spineOf([new Flaky()], heard).run(new Event('JOB', {}));
      expect(heard.get('Flaky')?.retries).toEqual([]);
    });
  });

  describe('onOutcome', () => {
    it('tells a dead letter with the reason the dead-letter store records (STORE mode)', async () => {
      const heard = new Map<string, Heard>();
      const spine = spineOf([new Broken()], heard, { retryAttempts: 2 });
      await spine.run(new Event('JOB', {}));
      const [failed] = await spine.failedEventStore.getAll();
      expect(heard.get('Broken')?.retries).toHaveLength(1);
      expect(heard.get('Broken')?.outcomes).toEqual([{ kind: 'dead-letter', reason: { name: 'Error', message: 'card declined' } }]);
      expect(failed?.error).toEqual({ name: 'Error', message: 'card declined' }); // the same reason
    });

    it('tells each delivery of NACK mode: redeliver, then the dead letter after maxDeliveries', async () => {
      const heard = new Map<string, Heard>();
      const backend = new InMemoryBackend({ maxDeliveries: 2 });
      const spine = new Spine({
        organs: [new Broken()], backend, logger: silentLogger, retryAttempts: 1, middleware: [listening(heard)],
        handlerFailureMode: HandlerFailureMode.NACK,
      });
      await spine.run(new Event('JOB', {}));
      expect(heard.get('Broken')?.outcomes.map((o) => o.kind)).toEqual(['redeliver', 'dead-letter']);
    });

    it('tells an ack after a failure in LOG mode', async () => {
      const heard = new Map<string, Heard>();
      await spineOf([new Broken()], heard, { retryAttempts: 1, handlerFailureMode: HandlerFailureMode.LOG }).run(new Event('JOB', {}));
      expect(heard.get('Broken')?.outcomes).toEqual([{ kind: 'ack' }]);
    });

    it('tells a call that succeeded the delivery\'s outcome when a later handler of its group failed', async () => {
      const heard = new Map<string, Heard>();
      await spineOf([new First(), new Second()], heard, { retryAttempts: 1 }).run(new Event('JOB', {}));
      const deadLettered = { kind: 'dead-letter', reason: { name: 'Error', message: 'second failed' } };
      expect(heard.get('First')?.outcomes).toEqual([deadLettered]);
      expect(heard.get('Second')?.outcomes).toEqual([deadLettered]);
    });

    it('tells an ack to a listener registered by a middleware whose failure an outer middleware swallowed', async () => {
      const outcomes: HandlerOutcome[] = [];
      const swallow: HandlerMiddleware = (next) => async (event, context) => {
        try {
          return await next(event, context);
        } catch {
          return undefined;
        }
      };
      const onFailure: HandlerMiddleware = (next) => async (event, context) => {
        try {
          return await next(event, context);
        } catch (error) {
          context.onOutcome((outcome) => outcomes.push(outcome));
          throw error;
        }
      };
      const spine = new Spine({
        organs: [new Broken()], backend: new InMemoryBackend(), logger: silentLogger, retryAttempts: 1, middleware: [swallow, onFailure],
      });
      await spine.run(new Event('JOB', {}));
      expect(outcomes).toEqual([{ kind: 'ack' }]);
      expect(await spine.failedEventStore.getAll()).toEqual([]);
    });

    it('logs and ignores a listener that throws', async () => {
      const logger = recordingLogger();
      const throwing: HandlerMiddleware = (next) => (event, context) => {
        context.onOutcome(() => { throw new Error('listener bug'); });
        return next(event, context);
      };
      const spine = new Spine({ organs: [new Flaky()], backend: new InMemoryBackend(), logger, middleware: [throwing] });
      const stats = await spine.run(new Event('JOB', {}));
      expect(stats.eventsProcessed).toBe(1);
      expect(logger.lines.find((line) => line.message === 'A context listener threw; ignored')?.fields).toMatchObject({
        organ: 'Flaky', listener: 'onOutcome',
      });
    });
  });
});

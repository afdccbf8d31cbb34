// @Organ / @ListensTo and the checks the Spine makes at bootstrap (explicit wiring; discovery is in discovery.spec.ts).
import {
  ConfigurationError, Event, HandlerFailureMode, ListensTo, NecroStackError, Organ, OrganDefinitionError, Spine, silentLogger,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { thrown } from './helpers';

function spineOf(organs: readonly object[], options: Record<string, unknown> = {}): Spine {
  return new Spine({ organs, backend: new InMemoryBackend(), logger: silentLogger, retryBaseDelayMs: 1, ...options });
}

function definitionError(fn: () => unknown): OrganDefinitionError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(OrganDefinitionError);
  expect((error as OrganDefinitionError).code).toBe('NECRO_ORGAN_INVALID');
  return error as OrganDefinitionError;
}

describe('Organ decorators', () => {
  describe('@ListensTo on the class', () => {
    it('makes handle(event) the handler of each listed type', async () => {
      @Organ()
      @ListensTo(['A', 'B'])
      class Both {
        readonly seen: string[] = [];
        handle(event: Event) {
          this.seen.push(event.eventType);
        }
      }
      const organ = new Both();
      const stats = await spineOf([organ]).run([new Event('A'), new Event('B'), new Event('C')]);
      expect(organ.seen).toEqual(['A', 'B']);
      expect(stats.eventsProcessed).toBe(2);
    });

    it('accepts a single type as a string', async () => {
      @Organ()
      @ListensTo('ONE')
      class One {
        calls = 0;
        handle() {
          this.calls++;
        }
      }
      const organ = new One();
      await spineOf([organ]).run(new Event('ONE'));
      expect(organ.calls).toBe(1);
    });

    it('binds the handler to the instance (this works)', async () => {
      @Organ()
      @ListensTo('X')
      class UsesThis {
        private readonly prefix = 'seen:';
        readonly seen: string[] = [];
        handle(event: Event) {
          this.seen.push(this.prefix + event.eventType);
        }
      }
      const organ = new UsesThis();
      await spineOf([organ]).run(new Event('X'));
      expect(organ.seen).toEqual(['seen:X']);
    });
  });

  describe('@ListensTo on methods', () => {
    it('lets one class hold several handlers, each for its own types', async () => {
      @Organ()
      class Orders {
        readonly log: string[] = [];
        @ListensTo('ORDER_PLACED')
        placed(event: Event) {
          this.log.push(`placed:${event.payload.id as string}`);
        }
        @ListensTo(['ORDER_CANCELLED', 'ORDER_REFUNDED'])
        undone(event: Event) {
          this.log.push(`undone:${event.eventType}`);
        }
      }
      const organ = new Orders();
      await spineOf([organ]).run([
        new Event('ORDER_PLACED', { id: 1 }), new Event('ORDER_REFUNDED'), new Event('ORDER_CANCELLED'), new Event('OTHER'),
      ]);
      expect(organ.log).toEqual(['placed:1', 'undone:ORDER_REFUNDED', 'undone:ORDER_CANCELLED']);
    });

    it('trims the types it is given', async () => {
      @Organ()
      class Trimmed {
        calls = 0;
        @ListensTo('  PADDED  ')
        on() {
          this.calls++;
        }
      }
      const organ = new Trimmed();
      await spineOf([organ]).run(new Event('PADDED'));
      expect(organ.calls).toBe(1);
    });

    it('inherits the handlers of a parent class', async () => {
      class Base {
        readonly seen: string[] = [];
        @ListensTo('BASE_EVENT')
        onBase(event: Event) {
          this.seen.push(event.eventType);
        }
      }
      @Organ()
      class Derived extends Base {
        @ListensTo('DERIVED_EVENT')
        onDerived(event: Event) {
          this.seen.push(event.eventType);
        }
      }
      const organ = new Derived();
      await spineOf([organ]).run([new Event('BASE_EVENT'), new Event('DERIVED_EVENT')]);
      expect(organ.seen).toEqual(['BASE_EVENT', 'DERIVED_EVENT']);
    });
  });

  describe('@Organ options', () => {
    it('names the organ after the class by default', async () => {
      @Organ()
      @ListensTo('FAIL')
      class DefaultName {
        handle() {
          throw new Error('no');
        }
      }
      const spine = spineOf([new DefaultName()], { retryAttempts: 1 });
      const stats = await spine.run(new Event('FAIL'));
      expect(stats.handlerErrors).toEqual({ DefaultName: 1 });
      expect((await spine.failedEventStore.getAll())[0]?.organ).toBe('DefaultName');
    });

    it('uses the given name in stats, dead letters and the consumer group', async () => {
      @Organ({ name: 'billing.charge' })
      @ListensTo('FAIL')
      class Charge {
        handle() {
          throw new Error('no');
        }
      }
      const backend = new InMemoryBackend();
      const subscribe = jest.spyOn(backend, 'subscribe');
      const spine = new Spine({ organs: [new Charge()], backend, logger: silentLogger, retryAttempts: 1 });
      const stats = await spine.run(new Event('FAIL'));
      expect(stats.handlerErrors).toEqual({ 'billing.charge': 1 });
      expect(subscribe).toHaveBeenCalledWith([expect.objectContaining({ group: 'billing.charge', eventTypes: ['FAIL'] })]);
      const [letter] = await spine.failedEventStore.getAll();
      expect([letter?.organ, letter?.group]).toEqual(['billing.charge', 'billing.charge']);
    });

    it('lets organs share a group: one delivery runs both, a failure names the organ that failed', async () => {
      const order: string[] = [];
      @Organ({ name: 'First', group: 'shared' })
      @ListensTo('E')
      class First {
        handle() {
          order.push('First');
        }
      }
      @Organ({ name: 'Second', group: 'shared' })
      @ListensTo('E')
      class Second {
        handle() {
          order.push('Second');
          throw new Error('second failed');
        }
      }
      const backend = new InMemoryBackend();
      const subscribe = jest.spyOn(backend, 'subscribe');
      const spine = new Spine({ organs: [new First(), new Second()], backend, logger: silentLogger, retryAttempts: 1 });
      const stats = await spine.run(new Event('E'));
      expect(subscribe).toHaveBeenCalledWith([expect.objectContaining({ group: 'shared', eventTypes: ['E'] })]);
      expect(order).toEqual(['First', 'Second']);
      expect(stats.eventsProcessed).toBe(1);
      const [letter] = await spine.failedEventStore.getAll();
      expect([letter?.organ, letter?.group, letter?.error.message]).toEqual(['Second', 'shared', 'second failed']);
    });

    it('gives each organ its own group by default', async () => {
      @Organ()
      @ListensTo('E')
      class P {
        handle() {}
      }
      @Organ()
      @ListensTo('E')
      class Q {
        handle() {}
      }
      const backend = new InMemoryBackend();
      const subscribe = jest.spyOn(backend, 'subscribe');
      const stats = await new Spine({ organs: [new P(), new Q()], backend, logger: silentLogger }).run(new Event('E'));
      expect(subscribe.mock.calls[0]?.[0].map((s) => s.group)).toEqual(['P', 'Q']);
      expect(stats.eventsProcessed).toBe(2);
    });

    it('rejects an empty name or group when the class is decorated', () => {
      expect(definitionError(() => {
        @Organ({ name: '  ' })
        @ListensTo('E')
        class Unnamed {
          handle() {}
        }
        return Unnamed;
      }).message).toMatch(/name/);
      expect(definitionError(() => {
        @Organ({ group: '' })
        @ListensTo('E')
        class NoGroup {
          handle() {}
        }
        return NoGroup;
      }).message).toMatch(/group/);
    });
  });

  describe('classes given to the Spine', () => {
    it('are built by the container', async () => {
      const seen: string[] = [];
      @Organ()
      @ListensTo('E')
      class Built {
        handle(event: Event) {
          seen.push(event.eventType);
        }
      }
      await spineOf([Built]).run(new Event('E'));
      expect(seen).toEqual(['E']);
    });
  });
});

describe('when an organ definition is wrong, bootstrap fails with OrganDefinitionError', () => {
  it('for an organ without any handler', () => {
    @Organ()
    class Idle {}
    const error = definitionError(() => spineOf([new Idle()]));
    expect(error.organ).toBe('Idle');
    expect(error.message).toMatch(/no handler/);
    expect(error.help).toMatch(/@ListensTo/);
  });

  it('for @ListensTo on a class without a handle method', () => {
    @Organ()
    @ListensTo('E')
    class NoHandle {
      process() {}
    }
    const error = definitionError(() => spineOf([new NoHandle()]));
    expect(error.organ).toBe('NoHandle');
    expect(error.message).toMatch(/handle\(event\)/);
  });

  it('for a handle property that is not a function', () => {
    @Organ()
    @ListensTo('E')
    class NotAFunction {
      handle = 42;
    }
    expect(definitionError(() => spineOf([new NotAFunction()])).message).toMatch(/handle/);
  });

  it.each([
    ['an empty string', ''],
    ['whitespace', '   '],
    ['an empty list', []],
    ['a list holding an empty string', ['OK', '']],
  ])('for an event type that is %s (when the class is decorated)', (_label, types) => {
    definitionError(() => {
      @Organ()
      @ListensTo(types as string[])
      class Empty {
        handle() {}
      }
      return Empty;
    });
  });

  it('for two organs with the same name', () => {
    @Organ({ name: 'Dup' })
    @ListensTo('A')
    class One {
      handle() {}
    }
    @Organ({ name: 'Dup' })
    @ListensTo('B')
    class Two {
      handle() {}
    }
    const error = definitionError(() => spineOf([new One(), new Two()]));
    expect(error.organ).toBe('Dup');
    expect(error.message).toMatch(/twice/);
  });

  it('for the same organ given twice', () => {
    @Organ()
    @ListensTo('A')
    class Once {
      handle() {}
    }
    definitionError(() => spineOf([new Once(), new Once()]));
  });

  it('for two handlers of the same type in one class', () => {
    @Organ()
    class Twice {
      @ListensTo('E')
      first() {}
      @ListensTo(['X', 'E'])
      second() {}
    }
    const error = definitionError(() => spineOf([new Twice()]));
    expect(error.message).toMatch(/two handlers for E/);
  });

  it('for a class-level and a method-level handler of the same type', () => {
    @Organ()
    @ListensTo('E')
    class Mixed {
      handle() {}
      @ListensTo('E')
      other() {}
    }
    definitionError(() => spineOf([new Mixed()]));
  });

  it('for a class without @Organ, given as an instance or as a class', () => {
    class Plain {
      @ListensTo('E')
      on() {}
    }
    expect(definitionError(() => spineOf([new Plain()])).message).toMatch(/@Organ/);
    expect(definitionError(() => spineOf([Plain])).message).toMatch(/@Organ/);
  });

  it('for a subclass of an organ that is not decorated itself', () => {
    @Organ()
    @ListensTo('E')
    class Parent {
      handle() {}
    }
    class Child extends Parent {}
    definitionError(() => spineOf([new Child()]));
  });
});

describe('when the Spine is configured wrongly, it fails with ConfigurationError', () => {
  @Organ()
  @ListensTo('E')
  class Fine {
    handle() {}
  }

  it('for no organs at all', () => {
    const error = thrown(() => spineOf([]));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('organs');
    expect((error as ConfigurationError).code).toBe('NECRO_CONFIG_INVALID');
  });

  it('for a missing backend', () => {
    const error = thrown(() => new Spine({ organs: [new Fine()], backend: undefined as never, logger: silentLogger }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('backend');
  });

  it.each([
    ['concurrency', 0], ['concurrency', 1.5], ['retryAttempts', 0], ['maxSteps', -1], ['retryBaseDelayMs', -1],
    ['handlerTimeoutMs', Number.NaN], ['maxConsecutiveBackendFailures', 0], ['batchSize', 0], ['maxCausationDepth', 0],
    ['handlerFailureMode', 'IGNORE'], ['enqueueFailureMode', 'DROP'],
  ])('for %s = %p', (option, value) => {
    const error = thrown(() => spineOf([new Fine()], { [option]: value }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe(option);
  });

  it('accepts every documented mode', () => {
    for (const mode of Object.values(HandlerFailureMode)) expect(() => spineOf([new Fine()], { handlerFailureMode: mode })).not.toThrow();
  });

  it('reports every error as a NecroStackError', () => {
    expect(thrown(() => spineOf([]))).toBeInstanceOf(NecroStackError);
  });
});

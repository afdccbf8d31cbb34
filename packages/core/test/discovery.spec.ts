// Discovery: every @Organ class loaded in this file (and only those) is found by container.resolve(Spine).
// Keep this file's organs to the ones the tests below expect.
import {
  BACKEND, Event, HandlerFailureMode, LOGGER, ListensTo, MaxStepsExceededError, Organ, SPINE_OPTIONS, Spine, silentLogger,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { container, inject, type DependencyContainer } from 'tsyringe';
import { recordingLogger } from './helpers';

const GREETING = 'greeting';

/** A dependency the organs get from the container they are resolved in. */
class Repository {
  readonly rows: string[] = [];
}

@Organ()
@ListensTo('USER_SIGNED_UP')
class SaveUser {
  constructor(
    private readonly repository: Repository,
    @inject(GREETING) private readonly greeting: string,
  ) {}

  handle(event: Event) {
    this.repository.rows.push(`${this.greeting} ${event.payload.name as string}`);
    return new Event('USER_SAVED', { name: event.payload.name as string });
  }
}

@Organ({ name: 'Welcome' })
class WelcomeMailer {
  constructor(private readonly repository: Repository) {}

  @ListensTo('USER_SAVED')
  send(event: Event) {
    this.repository.rows.push(`mail ${event.payload.name as string}`);
  }
}

function childWith(repository = new Repository(), backend = new InMemoryBackend()): DependencyContainer {
  const child = container.createChildContainer();
  child.register(BACKEND, { useValue: backend });
  child.register(Repository, { useValue: repository });
  child.register(GREETING, { useValue: 'hello' });
  child.register(SPINE_OPTIONS, { useValue: { logger: silentLogger } });
  return child;
}

describe('container.resolve(Spine)', () => {
  it('finds every @Organ class and injects the dependencies registered in the child container', async () => {
    const repository = new Repository();
    const spine = childWith(repository).resolve(Spine);
    const stats = await spine.run(new Event('USER_SIGNED_UP', { name: 'Ada' }));
    expect(repository.rows).toEqual(['hello Ada', 'mail Ada']);
    expect(stats.eventsProcessed).toBe(2);
  });

  it('uses the backend registered under BACKEND', async () => {
    const backend = new InMemoryBackend();
    const repository = new Repository();
    await backend.enqueue(new Event('USER_SIGNED_UP', { name: 'Grace' }));
    await childWith(repository, backend).resolve(Spine).run();
    expect(repository.rows).toEqual(['hello Grace', 'mail Grace']);
  });

  it('keeps child containers apart: each gets its own organs and dependencies', async () => {
    const first = new Repository();
    const second = new Repository();
    await childWith(first).resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'one' }));
    await childWith(second).resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'two' }));
    expect(first.rows).toEqual(['hello one', 'mail one']);
    expect(second.rows).toEqual(['hello two', 'mail two']);
  });

  it('registers nothing in the global container', async () => {
    await childWith().resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'x' }));
    expect(container.isRegistered(SaveUser, true)).toBe(false);
    expect(container.isRegistered(WelcomeMailer, true)).toBe(false);
    expect(container.isRegistered(BACKEND, true)).toBe(false);
  });

  it('still discovers the organs after container.reset() on the global container', async () => {
    container.reset();
    const repository = new Repository();
    await childWith(repository).resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'after reset' }));
    expect(repository.rows).toEqual(['hello after reset', 'mail after reset']);
  });

  it('applies the settings registered under SPINE_OPTIONS', async () => {
    const child = childWith();
    child.register(SPINE_OPTIONS, { useValue: { logger: silentLogger, maxSteps: 1 } });
    await expect(child.resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'x' }))).rejects.toThrow(MaxStepsExceededError);
  });

  it('uses only the organs listed in SPINE_OPTIONS when it lists them', async () => {
    const repository = new Repository();
    const child = childWith(repository);
    child.register(SPINE_OPTIONS, { useValue: { logger: silentLogger, organs: [SaveUser] } });
    const stats = await child.resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'only' }));
    expect(repository.rows).toEqual(['hello only']);
    expect(stats.eventsProcessed).toBe(1);
  });

  it('logs through the logger registered under LOGGER', async () => {
    const logger = recordingLogger();
    const child = childWith();
    child.register(SPINE_OPTIONS, { useValue: { handlerFailureMode: HandlerFailureMode.LOG } });
    child.register(LOGGER, { useValue: logger });
    await child.resolve(Spine).run(new Event('USER_SIGNED_UP', { name: 'x' }));
    expect(logger.lines.map((l) => l.message)).toContain('Spine started');
  });

  it('fails with a clear error when no backend is registered', () => {
    const child = container.createChildContainer();
    child.register(Repository, { useValue: new Repository() });
    child.register(GREETING, { useValue: 'hello' });
    expect(() => child.resolve(Spine)).toThrow(/BACKEND/);
  });

  it('fails naming the dependency an organ needs and the container lacks', () => {
    const child = container.createChildContainer();
    child.register(BACKEND, { useValue: new InMemoryBackend() });
    child.register(Repository, { useValue: new Repository() });
    expect(() => child.resolve(Spine)).toThrow(/greeting/);
  });
});

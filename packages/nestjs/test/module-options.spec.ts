// forRoot / forRootAsync, the backend token, and what bad options get.
import { BACKEND, ConfigurationError, Event, ListensTo, Organ, Spine, silentLogger, type Backend, type Publisher } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectBackend, NecroStackModule } from '../src';
import { waitFor } from '../../core/test/helpers';
import { closeAll, startModule } from './support/testing-app';

/** Configuration as an application module would provide it. */
@Injectable()
class AppConfig {
  readonly concurrency = 4;
  readonly backend = new InMemoryBackend({ maxDeliveries: 7 });
}

@Module({ providers: [AppConfig], exports: [AppConfig] })
class ConfigModule {}

@Organ()
@ListensTo('PING')
class Pinged {
  readonly seen: string[] = [];
  handle(event: Event) {
    this.seen.push(event.id);
  }
}

/** Sends events the two ways a Nest class gets the backend. */
@Injectable()
class Sender {
  constructor(@InjectBackend() readonly publisher: Publisher, @Inject(BACKEND) readonly backend: Backend) {}
}

afterEach(closeAll);

describe('NecroStackModule.forRootAsync', () => {
  it('builds the options with an injected config from an imported module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [NecroStackModule.forRootAsync({
        imports: [ConfigModule],
        inject: [AppConfig],
        useFactory: async (config: AppConfig) => ({ backend: config.backend, spine: { concurrency: config.concurrency, logger: silentLogger } }),
      })],
      providers: [Pinged],
    }).compile();
    await moduleRef.init();
    try {
      const config = moduleRef.get(AppConfig, { strict: false });
      expect(moduleRef.get(BACKEND)).toBe(config.backend);
      const event = new Event('PING');
      await config.backend.enqueue(event);
      await waitFor(() => moduleRef.get(Pinged).seen.length === 1, 'the organ to run');
      expect(moduleRef.get(Pinged).seen).toEqual([event.id]);
    } finally {
      await moduleRef.close();
    }
  });

  it('fails init with ConfigurationError when the factory gives no backend', async () => {
    const compiling = Test.createTestingModule({
      imports: [NecroStackModule.forRootAsync({ useFactory: () => ({}) as never })],
    }).compile();
    await expect(compiling).rejects.toThrow(new ConfigurationError('backend', 'is required: NecroStackModule.forRoot({ backend: new InMemoryBackend() }) (or a RedisBackend)'));
  });
});

describe('NecroStackModule.forRoot', () => {
  it('refuses a missing backend and a non-boolean autoStart at once', () => {
    expect(() => NecroStackModule.forRoot({} as never)).toThrow(/^Invalid option backend: is required/);
    expect(() => NecroStackModule.forRoot({ backend: new InMemoryBackend(), autoStart: 'no' as never }))
      .toThrow('Invalid option autoStart: must be true or false, got no');
  });

  it('gives the backend under BACKEND, to @InjectBackend() and @Inject(BACKEND) alike', async () => {
    const backend = new InMemoryBackend();
    const app = await startModule({ backend, providers: [Pinged, Sender], autoStart: false });
    const sender = app.get(Sender);
    expect(sender.publisher).toBe(backend);
    expect(sender.backend).toBe(backend);
    await sender.publisher.enqueue(new Event('PING'));
    expect((await app.get(Spine).run()).eventsProcessed).toBe(1);
  });

  it('is refused when imported twice in one application', async () => {
    @Module({ imports: [NecroStackModule.forRoot({ backend: new InMemoryBackend(), spine: { logger: silentLogger } })] })
    class FeatureWithItsOwn {}

    await expect(startModule({ imports: [FeatureWithItsOwn], providers: [Pinged] }))
      .rejects.toThrow('Invalid option NecroStackModule: is imported more than once in this application');
  });
});

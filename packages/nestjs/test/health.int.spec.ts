// NecroStackHealthIndicator: the backend's health and the Spine's state, through @nestjs/terminus.
import { randomUUID } from 'node:crypto';
import { EnqueueFailureMode, Event, ListensTo, Organ, silentLogger } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { RedisBackend } from '@necrostack/backend-redis';
import { deleteKeys } from '@necrostack/example-support';
import { waitFor } from '@necrostack/testkit';
import { Injectable, Module, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TerminusModule, type HealthIndicatorFunction } from '@nestjs/terminus';
import { NecroStackHealthIndicator } from '../src';
import { freePort } from '../../backend-redis/test/support/free-port';
import { closeAll, startModule } from './support/testing-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

@Organ()
@ListensTo('CHARGE')
class Charge {
  handle(event: Event) {
    if (event.payload.fail === true) throw new Error('card declined');
    if (event.payload.fanOut === true) return [new Event('CHARGED'), new Event('CHARGED')];
    return undefined;
  }
}

/** What a health controller does: terminus's check over the indicator. */
@Injectable()
class HealthProbe {
  constructor(private readonly health: HealthCheckService, private readonly necrostack: NecroStackHealthIndicator) {}
  check() {
    const indicator: HealthIndicatorFunction = () => this.necrostack.isHealthy();
    return this.health.check([indicator]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], providers: [HealthProbe, Charge] })
class HealthModule {}

afterEach(closeAll);

describe('on the in-memory backend', () => {
  it('is up, with the dead-letter count, and null latency and pending (nothing outside the process)', async () => {
    const backend = new InMemoryBackend();
    const app = await startModule({ imports: [HealthModule], backend, spine: { retryAttempts: 1 } });
    const health = app.get(NecroStackHealthIndicator);
    await backend.enqueue(new Event('CHARGE', { fail: true }));
    await waitFor(async () => (await health.isHealthy()).necrostack?.deadLetters === 1, 'the dead letter', 5_000);

    expect(await health.isHealthy()).toEqual({
      necrostack: { status: 'up', spine: 'running', backend: 'InMemoryBackend', healthy: true, latencyMs: null, pending: null, deadLetters: 1 },
    });
    expect(await app.get(HealthProbe).check()).toMatchObject({ status: 'ok', info: { necrostack: { status: 'up' } } });
  });

  it('is down once the Spine stopped on an error, and terminus answers 503', async () => {
    const backend = new InMemoryBackend({ maxSize: 1 });
    const app = await startModule({
      imports: [HealthModule], backend, spine: { enqueueFailureMode: EnqueueFailureMode.FAIL, retryAttempts: 1 },
    });
    const health = app.get(NecroStackHealthIndicator);
    await backend.enqueue(new Event('CHARGE', { fanOut: true }));
    await waitFor(async () => (await health.isHealthy()).necrostack?.spine === 'failed', 'the Spine to fail', 5_000);

    expect((await health.isHealthy('worker')).worker).toMatchObject({ status: 'down', spine: 'failed', healthy: true });
    await expect(app.get(HealthProbe).check()).rejects.toBeInstanceOf(ServiceUnavailableException);
  });
});

describe('on Redis', () => {
  const streamKey = `necrostack-test:${randomUUID()}`;
  afterAll(() => deleteKeys(REDIS_URL, streamKey));

  it('reports the backend\'s health(): latency, pending deliveries, dead letters', async () => {
    const backend = new RedisBackend({ url: REDIS_URL, streamKey, logger: silentLogger });
    const app = await startModule({ imports: [HealthModule], backend, spine: { retryAttempts: 1 } });
    const health = app.get(NecroStackHealthIndicator);
    await backend.enqueue([new Event('CHARGE', { fail: true }), new Event('CHARGE')]);
    await waitFor(async () => (await health.isHealthy()).necrostack?.deadLetters === 1, 'the dead letter', 10_000);
    await waitFor(async () => (await health.isHealthy()).necrostack?.pending === 0, 'nothing pending', 10_000);

    const { necrostack } = await health.isHealthy();
    expect(necrostack).toMatchObject({ status: 'up', spine: 'running', backend: 'RedisBackend', healthy: true, pending: 0, deadLetters: 1 });
    expect(necrostack?.latencyMs).toEqual(expect.any(Number));
  });

  it('is down with the reason, password masked, when Redis cannot be reached', async () => {
    const url = `redis://app:s3cret@127.0.0.1:${await freePort()}`;
    const backend = new RedisBackend({ url, streamKey, logger: silentLogger, healthTimeoutMs: 500 });
    const app = await startModule({ imports: [HealthModule], backend, autoStart: false });

    const { necrostack } = await app.get(NecroStackHealthIndicator).isHealthy();

    expect(necrostack).toMatchObject({ status: 'down', spine: 'idle', healthy: false, deadLetters: 0 });
    expect(necrostack?.error).toEqual(expect.any(String));
    expect(JSON.stringify(necrostack)).not.toContain('s3cret');
    await expect(app.get(HealthProbe).check()).rejects.toBeInstanceOf(ServiceUnavailableException);
  });
});

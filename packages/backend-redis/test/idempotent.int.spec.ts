import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { RedisTestEnv, fields } from './support/redis-test-env';

@Organ({ idempotent: true })
@ListensTo('PAYMENT')
class ChargeOnce {
  readonly charged: string[] = [];
  handle(event: Event) {
    this.charged.push(event.id);
  }
}

@Organ()
@ListensTo('PAYMENT')
class LogEvery {
  readonly logged: string[] = [];
  handle(event: Event) {
    this.logged.push(event.id);
  }
}

describe('RedisBackend idempotent groups', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  describe('when the same event id is delivered twice', () => {
    it('runs an idempotent organ once and acks the duplicate', async () => {
      const backend = env.backend({ idempotencyTtlMs: 60_000 });
      const [once, every] = [new ChargeOnce(), new LogEvery()];
      const spine = new Spine({ organs: [once, every], backend, logger: silentLogger });
      const payment = new Event('PAYMENT', { cents: 100 });

      await spine.run(payment);
      await spine.run(payment);
      await spine.run([payment, new Event('PAYMENT', { cents: 5 })]);

      expect(once.charged).toEqual([payment.id, expect.any(String)]);
      expect(every.logged).toHaveLength(4);
      const groups = await env.send<string[][]>('XINFO', 'GROUPS', env.streamKey);
      expect(groups.map((g) => fields(g).pending)).toEqual([0, 0]);
      const ttl = await env.send<number>('PTTL', `${env.streamKey}:done:ChargeOnce:${payment.id}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
  });

  describe('when an idempotent organ fails', () => {
    it('does not mark the event completed, so a replay runs it', async () => {
      const backend = env.backend();
      const once = new ChargeOnce();
      let fail = true;
      const handle = once.handle.bind(once);
      once.handle = (event: Event) => {
        if (fail) throw new Error('card declined');
        handle(event);
      };
      const spine = new Spine({ organs: [once], backend, logger: silentLogger, retryAttempts: 1 });
      const payment = new Event('PAYMENT', { cents: 100 });
      await spine.run(payment);
      expect(await env.send('EXISTS', `${env.streamKey}:done:ChargeOnce:${payment.id}`)).toBe(0);

      fail = false;
      await backend.deadLetters.replay();
      await spine.run();

      expect(once.charged).toEqual([payment.id]);
    });
  });
});

import { Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { Billing, Fragile, Shipping, orders } from './support/organs';
import { RedisTestEnv, fields } from './support/redis-test-env';

@Organ()
@ListensTo('ECHO')
class Echo {
  handle(event: Event) {
    return new Event('ECHO', { n: (event.payload.n as number) + 1 });
  }
}

describe('RedisBackend dead letters', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  describe('when stream entries are malformed or payloads invalid', () => {
    it('dead-letters each one and keeps going', async () => {
      const backend = env.backend();
      const [billing, shipping] = [new Billing(), new Shipping()];
      await env.send('XADD', env.streamKey, '*', 'data', 'no event field');
      await env.send('XADD', env.streamKey, '*', 'event', '{not json');
      await env.send('XADD', env.streamKey, '*', 'event', '{"event_type":"ORDER_PLACED","timestamp":"2024-01-01T00:00:00Z","payload":{}}');
      await backend.enqueue(new Event('ORDER_PLACED', { orderId: 'A-0', amount: -5 }));
      const good = orders(2);
      await backend.enqueue(good);

      await new Spine({ organs: [billing, shipping], backend, logger: silentLogger }).run();

      expect(billing.seen).toEqual(good.map((e) => e.id));
      const letters = await env.deadLetterEntries();
      const byOrgan = (organ: string) => letters.filter((l) => l.organ === organ).map((l) => l.error_class).sort();
      // Every group gets its own delivery of a malformed entry; only Billing declared the DTO.
      expect(byOrgan('Billing')).toEqual(['MalformedEntryError', 'MalformedEntryError', 'MalformedEntryError', 'PayloadValidationError']);
      expect(byOrgan('Shipping')).toEqual(['MalformedEntryError', 'MalformedEntryError', 'MalformedEntryError']);
      expect(letters.find((l) => l.error_class === 'MalformedEntryError' && l.event === '{not json')).toMatchObject({
        error_code: 'NECRO_ENTRY_MALFORMED', group: 'Billing',
      });
      expect(letters.every((l) => l.original_id && l.failed_at && l.reason)).toBe(true);
      const pending = await env.send<string[][]>('XINFO', 'GROUPS', env.streamKey);
      expect(pending.map((g) => fields(g).pending)).toEqual([0, 0]);
    });
  });

  describe('when a handler fails in STORE mode', () => {
    it('writes the dead letter with the organ, the error and the attempts', async () => {
      const backend = env.backend();
      const fragile = new Fragile();
      const event = new Event('FRAGILE', { n: 1 });
      const spine = new Spine({ organs: [fragile], backend, logger: silentLogger, retryAttempts: 2, retryBaseDelayMs: 1 });

      await spine.run(event);

      const [letter] = await env.deadLetterEntries();
      expect(letter).toMatchObject({
        event: Event.encode(event), reason: 'fragile failed', organ: 'Fragile', error_class: 'Error', attempts: '2', group: 'Fragile',
        stream: env.streamKey,
      });
      expect(backend.deadLetters.size).toBe(1);
      const [stored] = await spine.failedEventStore.getAll();
      expect(stored).toMatchObject({ organ: 'Fragile', group: 'Fragile', attempts: 2, error: { name: 'Error', message: 'fragile failed' } });
      expect(stored?.event?.id).toBe(event.id);
    });
  });

  describe('when a handler fails in NACK mode', () => {
    it('redelivers, then dead-letters after maxDeliveries', async () => {
      const backend = env.backend({ maxDeliveries: 4 });
      const fragile = new Fragile();
      const spine = new Spine({
        organs: [fragile], backend, logger: silentLogger, handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1,
      });

      await spine.run(new Event('FRAGILE', { n: 1 }));

      expect(fragile.seen).toHaveLength(4);
      const [letter] = await env.deadLetterEntries();
      expect(letter).toMatchObject({ attempts: '4', organ: 'Fragile' });
      expect(await env.send('XPENDING', env.streamKey, 'necrostack:Fragile', '-', '+', '10')).toEqual([]);
    });
  });

  describe('when a chain loops', () => {
    it('dead-letters the event that went too deep', async () => {
      const backend = env.backend();
      const spine = new Spine({ organs: [new Echo()], backend, logger: silentLogger, maxCausationDepth: 3 });
      await spine.run(new Event('ECHO', { n: 0 }));
      const [letter] = await env.deadLetterEntries();
      expect(letter).toMatchObject({ error_class: 'EventLoopError', organ: 'Echo', group: '' });
      expect(JSON.parse(letter?.event as string).payload).toEqual({ n: 4 });
    });
  });

  describe('when the same dead letter is settled twice', () => {
    it('writes it once', async () => {
      const backend = env.backend();
      await backend.subscribe([{ group: 'G', eventTypes: ['X'] }]);
      await backend.enqueue(new Event('X', {}));
      const [delivery] = await backend.pull(10, 0);
      const letter = { delivery, event: 'raw', organ: 'G', error: { name: 'Error', message: 'x' }, attempts: 1 };
      await backend.settle({ acks: [], nacks: [], releases: [], deadLetters: [letter] });
      await backend.settle({ acks: [], nacks: [], releases: [], deadLetters: [letter] });
      expect(await env.deadLetterEntries()).toHaveLength(1);
    });
  });
});

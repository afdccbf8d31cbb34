import { randomUUID } from 'node:crypto';
import { IsInt, Min } from 'class-validator';
import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { SchemaEnv } from './support/postgres-test-env';

class OrderDto {
  @IsInt() @Min(1) quantity!: number;
}

@Organ({ name: 'Packing' })
@ListensTo('ORDER_PLACED', { payload: OrderDto })
class Packing {
  readonly packed: string[] = [];
  handle(event: Event): void {
    this.packed.push(event.id);
  }
}

const body = (id: string, extra = '') => `{"id":"${id}","timestamp":"2024-01-02T03:04:05.000Z","event_type":"ORDER_PLACED","payload":{"quantity":1}${extra}}`;

describe('PostgresBackend with bad rows in the events table', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('dead-letters every malformed row and invalid payload with the reason, and handles the good events after them', async () => {
    const backend = env.backend();
    await backend.connect();
    const insert = (type: string | null, text: string, meta: string | null = null) =>
      env.rows('INSERT INTO $schema.events (event_type, body, meta) VALUES ($1, $2, $3)', [type, text, meta]);
    await insert(null, 'not json at all');
    await insert('ORDER_PLACED', '{"timestamp":"2024-01-02T03:04:05.000Z","event_type":"ORDER_PLACED","payload":{}}');
    await insert('ORDER_PLACED', body(randomUUID()), '{broken');
    await insert('ORDER_PLACED', body('not-a-uuid'));
    const invalid = new Event('ORDER_PLACED', { quantity: 0 });
    const good = new Event('ORDER_PLACED', { quantity: 2 });
    await backend.enqueue([invalid, good]);

    const packing = new Packing();
    await new Spine({ organs: [packing], backend, logger: silentLogger }).run();

    expect(packing.packed).toEqual([good.id]);
    const letters = await backend.deadLetters.getAll();
    expect(letters.map((l) => [l.organ, l.error.name])).toEqual([
      ['Packing', 'MalformedEntryError'], ['Packing', 'MalformedEntryError'], ['Packing', 'MalformedEntryError'],
      ['Packing', 'MalformedEntryError'], ['Packing', 'PayloadValidationError'],
    ]);
    expect(letters[0]!.raw).toBe('not json at all');
    expect(letters[0]!.error.message).toMatch(/not valid JSON/);
    expect(letters[1]!.error.message).toMatch(/id/);
    expect(letters[2]!.error.message).toMatch(/not valid JSON/);
    expect(letters[3]!.error.message).toMatch(/id/);
    expect(letters[4]!.event?.id).toBe(invalid.id);
    // The row with broken meta keeps its readable body: its dead letter is the event without lineage, and can be replayed.
    expect(letters.map((l) => l.event === undefined)).toEqual([true, true, false, true, false]);
    expect(await env.rows('SELECT * FROM $schema.deliveries')).toEqual([]);
  });

  it('dead-letters a delivery whose event row was deleted by hand', async () => {
    const backend = env.backend();
    await backend.subscribe([{ group: 'Packing', eventTypes: ['ORDER_PLACED'] }]);
    await backend.enqueue(new Event('ORDER_PLACED', { quantity: 3 }));
    await env.rows('DELETE FROM $schema.events');
    await backend.deadLetters.clear();
    await new Spine({ organs: [new Packing()], backend, logger: silentLogger }).run();
    const letters = await backend.deadLetters.getAll();
    expect(letters.map((l) => [l.organ, l.error.name, l.raw])).toEqual([['Packing', 'MalformedEntryError', '']]);
    expect(letters[0]!.error.message).toMatch(/event row \(seq \d+\) of this delivery is gone/);
  });
});

import { ConfigurationError, type Publisher } from '@necrostack/core';
import { DEFAULT_FORWARDER_GROUP, PostgresForwarder, type PostgresForwarderOptions } from '@necrostack/backend-postgres';

const publisher: Publisher = { enqueue: () => Promise.resolve(), close: () => Promise.resolve() };
const postgres = { connectionString: 'postgres://app:hunter2@127.0.0.1:5432/shop' };

describe('PostgresForwarder options', () => {
  it('consumes as necrostack:forwarder unless told otherwise, and starts idle', () => {
    const forwarder = new PostgresForwarder({ postgres, publisher });
    expect(forwarder.group).toBe(DEFAULT_FORWARDER_GROUP);
    expect(forwarder.stats).toEqual({ state: 'idle', forwarded: 0, batches: 0, redelivered: 0, publishFailures: 0, deadLettered: 0, activations: 0 });
  });

  it.each<[Partial<PostgresForwarderOptions>, string]>([
    [{ postgres: undefined }, 'postgres'],
    [{ publisher: undefined }, 'publisher'],
    [{ group: '' }, 'group'],
    [{ batchSize: 0 }, 'batchSize'],
    [{ standbyPollMs: 1.5 }, 'standbyPollMs'],
    [{ retryBaseDelayMs: -1 }, 'retryBaseDelayMs'],
    [{ postgres: { schema: 'no-dashes' } }, 'schema'],
  ])('rejects %j naming the option', (overrides, option) => {
    const build = () => new PostgresForwarder({ postgres, publisher, ...overrides } as PostgresForwarderOptions);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(option);
  });

  it('never repeats the connection string in an error', () => {
    let message = '';
    try {
      new PostgresForwarder({ postgres: { connectionString: 'mysql://app:hunter2@db/x' }, publisher });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/connectionString/);
    expect(message).not.toContain('hunter2');
  });
});

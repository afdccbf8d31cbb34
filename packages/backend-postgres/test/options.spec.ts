import { ConfigurationError } from '@necrostack/core';
import { DEFAULT_POSTGRES_MAX_DELIVERIES, PostgresBackend, PostgresTables } from '@necrostack/backend-postgres';
import { Pool } from 'pg';

describe('PostgresBackend options', () => {
  it('defaults maxDeliveries to 3, the schema to necrostack and names the consumer; holds delayed events', async () => {
    const backend = new PostgresBackend();
    expect(backend.maxDeliveries).toBe(DEFAULT_POSTGRES_MAX_DELIVERIES);
    expect(backend.capabilities).toEqual({ idempotentSubscriptions: true, delayedDelivery: true });
    expect(backend.tables.events).toBe('"necrostack".events');
    expect(backend.consumerName).toMatch(/-\d+-[0-9a-f]{6}$/);
    await backend.close();
  });

  it.each([
    [{ maxDeliveries: 0 }, 'maxDeliveries'],
    [{ claimMinIdleMs: 10 }, 'claimMinIdleMs'],
    [{ pollIntervalMs: 1.5 }, 'pollIntervalMs'],
    [{ schema: 'public; DROP TABLE x' }, 'schema'],
    [{ schema: 'a'.repeat(51) }, 'schema'],
    [{ consumerName: '' }, 'consumerName'],
    [{ retention: { batchSize: 0 } }, 'retention.batchSize'],
    [{ delayed: { pollIntervalMs: 0 } }, 'delayed.pollIntervalMs'],
    [{ delayed: { batchSize: 2.5 } }, 'delayed.batchSize'],
  ])('rejects %j naming the option', (options, option) => {
    expect(() => new PostgresBackend(options)).toThrow(ConfigurationError);
    expect(() => new PostgresBackend(options)).toThrow(option);
  });

  it('rejects a connection string that is not a postgres:// URL without repeating it', () => {
    const error = (() => {
      try {
        new PostgresBackend({ connectionString: 'redis://user:hunter2@db:6379' });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toMatch(/connectionString/);
    expect(error?.message).not.toContain('hunter2');
  });

  it('uses a given pool without ending it on close', async () => {
    const pool = new Pool({ connectionString: 'postgres://127.0.0.1:1/none' });
    const backend = new PostgresBackend({ pool });
    await backend.close();
    expect(pool.ended).toBe(false);
    await pool.end();
  });

  it('quotes every name it builds from the schema', () => {
    const tables = new PostgresTables('Shop_Events');
    expect([tables.deliveries, tables.quotedChannel, tables.channel]).toEqual(['"Shop_Events".deliveries', '"Shop_Events.events"', 'Shop_Events.events']);
    expect([tables.delayed, tables.delayedChannel, tables.sagas, tables.schedules]).toEqual(
      ['"Shop_Events".delayed', 'Shop_Events.delayed', '"Shop_Events".sagas', '"Shop_Events".schedules']);
  });
});

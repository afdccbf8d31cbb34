import { ConfigurationError, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';

describe('RedisBackend options for a Redis Cluster', () => {
  const rootNodes = [{ url: 'redis://127.0.0.1:7000' }];
  it.each([
    [{ cluster: { rootNodes }, streamKey: 'orders:events' }, 'streamKey'],
    [{ cluster: { rootNodes }, streamKey: '{orders}:events', dlqStream: 'orders:dlq' }, 'dlqStream'],
    [{ cluster: { rootNodes }, url: 'redis://127.0.0.1:6379' }, 'cluster'],
    [{ cluster: { rootNodes: [] } }, 'cluster.rootNodes'],
    [{ cluster: { rootNodes: [{ url: 'http://:pw@127.0.0.1:7000' }] } }, 'cluster.rootNodes[0].url'],
    [{ cluster: { rootNodes: [{ url: 'redis://127.0.0.1:7000/2' }] } }, 'cluster.rootNodes[0].url'],
  ])('refuses %j, naming %s', (options, option) => {
    let error: unknown;
    try {
      new RedisBackend({ logger: silentLogger, ...options });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe(option);
    expect((error as ConfigurationError).message).not.toContain(':pw@');
  });

  it('uses {necrostack}:events when no streamKey is given', () => {
    expect(new RedisBackend({ cluster: { rootNodes }, logger: silentLogger }).keys.streamKey).toBe('{necrostack}:events');
  });
});

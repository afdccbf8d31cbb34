import { CliError } from '../src/output/cli-error';
import { clusterRootNodes } from '../src/config/cluster-url';

describe('clusterRootNodes', () => {
  it('gives one redis:// url per node, each with the credentials', () => {
    expect(clusterRootNodes('redis+cluster://app:pw@10.0.0.1:7000,10.0.0.2:7001')).toEqual([
      { url: 'redis://app:pw@10.0.0.1:7000' }, { url: 'redis://app:pw@10.0.0.2:7001' },
    ]);
  });

  it('keeps TLS with rediss+cluster://', () => {
    expect(clusterRootNodes('rediss+cluster://redis.internal:6380/')).toEqual([{ url: 'rediss://redis.internal:6380' }]);
  });

  it('is undefined for a url that names no cluster', () => {
    expect(clusterRootNodes('redis://127.0.0.1:6379')).toBeUndefined();
  });

  it.each(['redis+cluster://10.0.0.1', 'redis+cluster://10.0.0.1:7000,', 'redis+cluster://:pw@h:1/0'])('refuses %s', (url) => {
    expect(() => clusterRootNodes(url)).toThrow(CliError);
  });
});

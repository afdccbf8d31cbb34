import { maskSecrets } from '@necrostack/core';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { isClusterUrl } from './env';

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/i;
const HOST_PORT = /^[^\s:,]+:\d{1,5}$/;

/**
 * The `cluster.rootNodes` of a Redis Cluster url, `redis+cluster://[[user]:password@]host:port,host:port…`
 * (`rediss+cluster://` for TLS): one `redis://` url per node, each with the credentials.
 * Undefined for any other url.
 *
 * @throws CliError when the url names a cluster but not as `host:port,host:port`.
 * @example
 * ```ts
 * clusterRootNodes('redis+cluster://:pw@10.0.0.1:7000,10.0.0.2:7000');
 * // [{ url: 'redis://:pw@10.0.0.1:7000' }, { url: 'redis://:pw@10.0.0.2:7000' }]
 * ```
 */
export function clusterRootNodes(url: string): { url: string }[] | undefined {
  if (!isClusterUrl(url)) return undefined;
  const match = CLUSTER_URL.exec(url);
  const nodes = match?.[3]?.split(',') ?? [];
  if (!match || nodes.length === 0 || !nodes.every((node) => HOST_PORT.test(node))) {
    throw new CliError(`Invalid Redis Cluster url '${maskSecrets(url)}'`, {
      exitCode: EXIT_USAGE, help: 'use redis+cluster://[[user]:password@]host:port,host:port (rediss+cluster:// for TLS)',
    });
  }
  const auth = match[2] === undefined ? '' : `${match[2]}@`;
  return nodes.map((node) => ({ url: `${(match[1] as string).toLowerCase()}://${auth}${node}` }));
}

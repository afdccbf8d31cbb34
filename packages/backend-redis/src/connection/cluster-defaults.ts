/** The node-redis client options every node of a Redis Cluster gets. */
export interface ClusterNodeDefaults {
  readonly username?: string;
  readonly password?: string;
  readonly socket: { readonly tls?: true };
}

/**
 * The node-redis `createCluster` `defaults` that carry a root node url's user, password and TLS
 * (`rediss://`) to the nodes the cluster client discovers by address (the root urls' own
 * credentials reach only the root nodes).
 *
 * @example
 * ```ts
 * const url = 'redis://:secret@10.0.0.1:7000';
 * const defaults = clusterNodeDefaults(url);
 * createCluster({ rootNodes: [{ url }], defaults: { ...defaults, socket: { ...defaults.socket, connectTimeout: 5_000 } } });
 * ```
 */
export function clusterNodeDefaults(url: string): ClusterNodeDefaults {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    socket: parsed.protocol === 'rediss:' ? { tls: true } : {},
  };
}

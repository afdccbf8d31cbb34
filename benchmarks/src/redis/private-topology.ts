import type { RedisBackendOptions } from '@necrostack/backend-redis';
import { PrivateRedis, PrivateRedisCluster } from '@necrostack/redis-servers';
import { createClient, createCluster } from 'redis';
import { cpuMicrosOf, groupOf, type GroupInfo } from './redis-info';

/** One node or a Cluster. */
export type TopologyKind = 'node' | 'cluster';

export const TOPOLOGY_LABELS: Readonly<Record<TopologyKind, string>> = { node: 'one node', cluster: '3-master Cluster' };

type NodeClient = ReturnType<typeof nodeClient>;
type ClusterClient = ReturnType<typeof clusterClient>;

const nodeClient = (url: string) => createClient({ url, RESP: 2 });
const clusterClient = (urls: readonly string[]) => createCluster({ rootNodes: urls.map((url) => ({ url })), RESP: 2 });

/**
 * Redis servers of the bench's own, without persistence, on free 127.0.0.1 ports: one redis-server
 * or a 3-master Cluster (@necrostack/redis-servers). Gives the backend's connection options, the CPU
 * its server processes used, the state of a group over several streams; `flush` empties every
 * server between runs, `destroy` stops them by pid and deletes their dirs.
 */
export class PrivateTopology {
  private constructor(
    readonly kind: TopologyKind,
    private readonly servers: { readonly urls: string[]; destroy(): Promise<void> },
    private readonly nodes: readonly NodeClient[],
    private readonly cluster: ClusterClient | undefined,
  ) {}

  static async start(kind: TopologyKind): Promise<PrivateTopology> {
    const servers = kind === 'node' ? await new PrivateRedis({ durable: false }).start() : await new PrivateRedisCluster({ durable: false }).start();
    const urls = 'urls' in servers ? servers.urls : [servers.url];
    const nodes = urls.map(nodeClient);
    const cluster = kind === 'cluster' ? clusterClient(urls) : undefined;
    try {
      for (const client of [...nodes, ...(cluster ? [cluster] : [])]) {
        client.on('error', () => undefined);
        await client.connect();
      }
    } catch (error) {
      await servers.destroy();
      throw error;
    }
    return new PrivateTopology(kind, { urls, destroy: () => servers.destroy() }, nodes, cluster);
  }

  get label(): string {
    return TOPOLOGY_LABELS[this.kind];
  }

  /** The `url` or `cluster` option of a RedisBackend on these servers. */
  get connection(): Pick<RedisBackendOptions, 'url' | 'cluster'> {
    const [url] = this.servers.urls;
    return this.kind === 'node' ? { url } : { cluster: { rootNodes: this.servers.urls.map((u) => ({ url: u })) } };
  }

  /** CPU time (user + sys) of every server process so far, µs, summed from each one's `INFO cpu`. */
  async cpuMicros(): Promise<number> {
    const infos = await Promise.all(this.nodes.map((client) => client.info('cpu')));
    return infos.reduce((sum, info) => sum + cpuMicrosOf(info), 0);
  }

  /** `group` over `streams`: entries read and pending summed, consumers of the busiest stream; undefined while a stream lacks it. */
  async group(streams: readonly string[], group: string): Promise<GroupInfo | undefined> {
    const infos = await Promise.all(streams.map(async (stream) => groupOf(await this.#xinfoGroups(stream).catch(() => []), group)));
    if (infos.some((info) => info === undefined)) return undefined;
    const all = infos as GroupInfo[];
    return {
      consumers: Math.max(...all.map((i) => i.consumers)),
      pending: all.reduce((n, i) => n + i.pending, 0),
      entriesRead: all.reduce((n, i) => n + i.entriesRead, 0),
    };
  }

  /** Deletes every key on every server. */
  async flush(): Promise<void> {
    await Promise.all(this.nodes.map((client) => client.flushAll()));
  }

  async destroy(): Promise<void> {
    for (const client of [...this.nodes, ...(this.cluster ? [this.cluster] : [])]) client.destroy();
    await this.servers.destroy();
  }

  #xinfoGroups(stream: string): Promise<unknown> {
    const args = ['XINFO', 'GROUPS', stream];
    return this.cluster ? this.cluster.sendCommand(stream, true, args) : (this.nodes[0] as NodeClient).sendCommand(args);
  }
}

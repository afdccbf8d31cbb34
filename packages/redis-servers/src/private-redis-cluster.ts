import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { freeClusterPort } from './free-port';
import { PrivateRedis } from './private-redis';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const MASTERS = 3;

/** Options of {@link PrivateRedisCluster}. */
export interface PrivateRedisClusterOptions {
  /** `requirepass` of every node (clients must carry it to the nodes they discover). */
  readonly password?: string;
  /** Each master keeps its data across a restart (append-only file; the default), or has no persistence. */
  readonly durable?: boolean;
}

/**
 * A Redis Cluster of our own: 3 masters (no replicas) on free 127.0.0.1 ports (with their bus ports
 * free too), each a {@link PrivateRedis}, joined with `redis-cli --cluster create`; started once
 * every master says `cluster_state:ok`. Stop it with {@link PrivateRedisCluster.destroy}.
 *
 * @example
 * const cluster = await new PrivateRedisCluster({ durable: false }).start();
 * const backend = new RedisBackend({ cluster: { rootNodes: cluster.rootNodes }, streamKey: '{orders}:events' });
 * // …
 * await cluster.destroy();
 */
export class PrivateRedisCluster {
  readonly password: string | undefined;
  readonly nodes: PrivateRedis[] = [];
  readonly #durable: boolean;

  constructor(options: PrivateRedisClusterOptions = {}) {
    this.password = options.password;
    this.#durable = options.durable ?? true;
  }

  /** The url of each master, with the password. */
  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  /** The `cluster.rootNodes` option: every master. */
  get rootNodes(): { url: string }[] {
    return this.urls.map((url) => ({ url }));
  }

  async start(): Promise<this> {
    for (let i = 0; i < MASTERS; i++) {
      const node = new PrivateRedis({
        password: this.password,
        durable: this.#durable,
        args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000'],
      });
      node.port = await freeClusterPort(this.nodes.map((n) => n.port));
      this.nodes.push(node);
    }
    await Promise.all(this.nodes.map((node) => node.start()));
    const auth = this.password === undefined ? [] : ['-a', this.password, '--no-auth-warning'];
    await run('redis-cli', [...auth, '--cluster', 'create', ...this.nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: 30_000 });
    await this.waitUntilOk();
    return this;
  }

  /** Waits (bounded) until every master says `cluster_state:ok` and knows all 16384 slots. */
  async waitUntilOk(): Promise<void> {
    await waitFor(async () => (await Promise.all(this.nodes.map((node) => clusterOk(node.url)))).every(Boolean),
      { timeoutMs: 30_000, intervalMs: 100, what: 'cluster_state:ok on every master' });
  }

  /** Stops every master and deletes its files. */
  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.destroy()));
  }
}

async function clusterOk(url: string): Promise<boolean> {
  const client = createClient({ url, RESP: 2, socket: { reconnectStrategy: false, connectTimeout: 500 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = String(await client.sendCommand(['CLUSTER', 'INFO']));
    return info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384');
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

import { randomUUID } from 'node:crypto';
import { createCluster } from 'redis';
import { silentLogger } from '@necrostack/core';
import { RedisBackend, type RedisBackendOptions } from '@necrostack/backend-redis';
import { PrivateRedis, PrivateRedisCluster } from '@necrostack/redis-servers';

/** Options of {@link PrivateCluster}. */
export interface PrivateClusterOptions {
  /** `requirepass` of every node (the backend must carry it to the nodes it discovers). */
  readonly password?: string;
}

/**
 * The tests' Redis Cluster: a {@link PrivateRedisCluster} of 3 durable masters (append-only file, so
 * a restarted master keeps its data), plus a cluster client of the tests to restart masters, move
 * slots and look at keys. Start it once per test file; stop it with {@link PrivateCluster.destroy}.
 */
export class PrivateCluster extends PrivateRedisCluster {
  /** A cluster client of the tests, open from start() to destroy(). */
  #admin: RawCluster | undefined;

  constructor(options: PrivateClusterOptions = {}) {
    super({ password: options.password, durable: true });
  }

  override async start(): Promise<this> {
    await super.start();
    this.#admin = createRawCluster(this.urls);
    this.#admin.on('error', () => undefined);
    await this.#admin.connect();
    return this;
  }

  /** Restarts the master that owns `key`'s slot (SIGTERM, the append-only file kept) and waits for the cluster to be ok. */
  async restartMasterOf(key: string): Promise<void> {
    const node = await this.masterOf(key);
    await node.restart();
    await this.waitUntilOk();
  }

  /**
   * Moves `key`'s slot to another master the way `redis-cli --cluster reshard` does, while clients
   * keep working: IMPORTING / MIGRATING, MIGRATE of its keys, `whileMoving` (commands on the moved
   * keys get ASK now), then the new owner announced (commands get MOVED). Returns the new owner.
   */
  async moveSlotOf(key: string, whileMoving: () => Promise<void>): Promise<PrivateRedis> {
    const source = await this.masterOf(key);
    const target = this.nodes.find((n) => n !== source) as PrivateRedis;
    const [from, to] = [await nodeClient(this.admin, source), await nodeClient(this.admin, target)];
    const slot = String(await from.sendCommand(['CLUSTER', 'KEYSLOT', key]));
    const [fromId, toId] = [String(await from.sendCommand(['CLUSTER', 'MYID'])), String(await to.sendCommand(['CLUSTER', 'MYID']))];
    await to.sendCommand(['CLUSTER', 'SETSLOT', slot, 'IMPORTING', fromId]);
    await from.sendCommand(['CLUSTER', 'SETSLOT', slot, 'MIGRATING', toId]);
    const auth = this.password === undefined ? [] : ['AUTH', this.password];
    for (let round = 0; round < 10_000; round++) {
      const keys = (await from.sendCommand(['CLUSTER', 'GETKEYSINSLOT', slot, '100'])) as string[];
      if (keys.length === 0) break;
      await from.sendCommand(['MIGRATE', '127.0.0.1', String(target.port), '', '0', '5000', ...auth, 'KEYS', ...keys]);
    }
    await whileMoving();
    for (const client of [to, from]) await client.sendCommand(['CLUSTER', 'SETSLOT', slot, 'NODE', toId]);
    await this.waitUntilOk();
    return target;
  }

  /** The master that owns `key`'s slot: the one that answers for it (the others redirect). */
  async masterOf(key: string): Promise<PrivateRedis> {
    for (const node of this.nodes) {
      const owns = await nodeClient(this.admin, node).then((client) => client.sendCommand(['TYPE', key])).then(() => true, () => false);
      if (owns) return node;
    }
    throw new Error(`no master of ours owns ${key}`);
  }

  /** How many errors starting with `code` (ASK, CROSSSLOT…) each master answered since it started. */
  async errorCounts(code: string): Promise<number[]> {
    return Promise.all(this.nodes.map(async (node) => {
      const info = String(await (await nodeClient(this.admin, node)).sendCommand(['INFO', 'errorstats']));
      return Number(new RegExp(`errorstat_${code}:count=(\\d+)`).exec(info)?.[1] ?? 0);
    }));
  }

  /** The tests' cluster client (RESP2, raw commands; it follows redirections). */
  get admin(): RawCluster {
    if (!this.#admin) throw new Error('PrivateCluster.start() first');
    return this.#admin;
  }

  /** Sends one raw command to the master owning `key` and returns its reply. */
  send<T = unknown>(key: string, ...args: string[]): Promise<T> {
    return this.admin.sendCommand(key, false, args) as Promise<T>;
  }

  /** Every key starting with `prefix`, on every master. */
  async keys(prefix: string): Promise<string[]> {
    const found = await Promise.all(this.admin.masters.map(async (master) => {
      const client = await this.admin.nodeClient(master);
      return (await client.sendCommand(['KEYS', `${prefix}*`])) as string[];
    }));
    return found.flat().sort();
  }

  override async destroy(): Promise<void> {
    this.#admin?.destroy();
    await super.destroy();
  }
}

export type RawCluster = ReturnType<typeof createRawCluster>;

async function nodeClient(cluster: RawCluster, node: PrivateRedis) {
  const master = cluster.masters.find((m) => m.port === node.port);
  if (!master) throw new Error(`127.0.0.1:${node.port} is not a master`);
  return cluster.nodeClient(master);
}

function createRawCluster(urls: readonly string[]) {
  const password = urls[0] === undefined ? undefined : new URL(urls[0]).password || undefined;
  return createCluster({ rootNodes: urls.map((url) => ({ url })), defaults: { password }, RESP: 2 });
}

/**
 * One test's world on a {@link PrivateCluster}: a unique hash-tagged streamKey, the backends built
 * on it (closed at cleanup), and every key under the prefix deleted from every master at cleanup.
 */
export class ClusterTestEnv {
  /** The hash tag of this test: every key of its backends is in this slot. */
  readonly tag = `necrostack-test:${randomUUID()}`;
  readonly streamKey = `{${this.tag}}:events`;
  readonly #backends: RedisBackend[] = [];

  constructor(readonly cluster: PrivateCluster) {}

  /** A backend on this test's streamKey, on the cluster, silent unless `logger` is given. */
  backend(options: RedisBackendOptions = {}): RedisBackend {
    const backend = new RedisBackend({ cluster: { rootNodes: this.cluster.rootNodes }, streamKey: this.streamKey, logger: silentLogger, ...options });
    this.#backends.push(backend);
    return backend;
  }

  /** Sends a raw command routed by this test's slot. */
  send<T = unknown>(...args: string[]): Promise<T> {
    return this.cluster.send<T>(this.streamKey, ...args);
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#backends.map((b) => b.close().catch(() => undefined)));
    const keys = await this.cluster.keys(`{${this.tag}`);
    await Promise.all(keys.map((key) => this.cluster.send(key, 'UNLINK', key)));
  }
}

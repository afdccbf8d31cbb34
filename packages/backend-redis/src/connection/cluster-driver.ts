import { EventEmitter } from 'node:events';
import { createCluster } from 'redis';
import { clusterNodeDefaults } from './cluster-defaults';
import { commandKey, hashText } from './command-key';
import { commandOptions, type DriverSettings, type RedisDriver, type SendOptions } from './redis-driver';
import type { RedisCommand } from './redis-connection';

function createRawCluster(rootUrls: readonly string[], settings: DriverSettings) {
  const defaults = clusterNodeDefaults(rootUrls[0] as string);
  const socket = { ...settings.socket, ...defaults.socket, connectTimeout: settings.connectTimeoutMs, reconnectStrategy: settings.reconnectStrategy };
  return createCluster({
    rootNodes: rootUrls.map((url) => ({ url })),
    defaults: { ...defaults, socket },
    // Connect to a master when a command first needs it: a backend whose keys share one slot
    // talks to one master only.
    minimizeConnections: true,
    RESP: 2,
  });
}

type RawCluster = ReturnType<typeof createRawCluster>;

/**
 * A Redis Cluster, through node-redis' cluster client: each command goes to the master owning
 * its first key's slot, and the client follows MOVED and ASK redirections and refreshes the slot
 * map after a failover. A pipeline sends the commands of one slot together, in order, on that
 * master's connection; a command redirected is sent again on its own, in order.
 */
export class ClusterDriver extends EventEmitter implements RedisDriver {
  readonly #cluster: RawCluster;
  readonly #reconnectStrategy: (retries: number) => number | false;
  /** Nodes whose connection dropped: their next `node-ready` is a reconnection. */
  readonly #reconnecting = new Set<string>();
  #connecting: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #destroyed = false;

  constructor(rootUrls: readonly string[], settings: DriverSettings) {
    super();
    // Every caller waiting for the connection listens until it is up (ManagedClient.ready), then
    // stops: with partitions, many at once (one per partition); none is left behind.
    this.setMaxListeners(0);
    this.#reconnectStrategy = settings.reconnectStrategy;
    const cluster = createRawCluster(rootUrls, settings);
    this.#cluster = cluster;
    cluster.on('error', (error: unknown) => this.emit('error', error));
    cluster.on('node-error', (error: unknown) => this.emit('error', error));
    cluster.on('connect', () => this.emit('ready'));
    cluster.on('disconnect', () => this.emit('end'));
    cluster.on('node-reconnecting', (node: NodeInfo) => this.#reconnecting.add(addressOf(node)));
    cluster.on('node-ready', (node: NodeInfo) => {
      if (this.#reconnecting.delete(addressOf(node))) this.emit('ready');
    });
  }

  get isOpen(): boolean {
    return this.#connecting !== undefined || this.#cluster.isOpen;
  }

  get isReady(): boolean {
    return this.#cluster.isReady;
  }

  /** Discovers the slots from a root node; retries with the reconnect strategy (the causes are `error` events). */
  connect(): Promise<void> {
    this.#connecting ??= this.#connectWithRetries().finally(() => { this.#connecting = undefined; });
    return this.#connecting;
  }

  async close(): Promise<void> {
    this.#stopConnecting();
    if (this.#cluster.isOpen) await this.#cluster.close();
  }

  destroy(): void {
    this.#stopConnecting();
    if (this.#cluster.isOpen) this.#cluster.destroy();
  }

  async pipeline(commands: readonly RedisCommand[]): Promise<unknown[]> {
    const bySlot = new Map<string | undefined, number[]>();
    commands.forEach((command, i) => {
      const key = commandKey(command);
      const slot = key === undefined ? undefined : hashText(key);
      const indexes = bySlot.get(slot) ?? [];
      bySlot.set(slot, indexes);
      indexes.push(i);
    });
    const replies: PromiseSettledResult<unknown>[] = new Array(commands.length);
    await Promise.all([...bySlot.values()].map(async (indexes) => {
      const settled = await this.#onOneNode(indexes.map((i) => commands[i] as RedisCommand));
      settled.forEach((reply, j) => { replies[indexes[j] as number] = reply; });
    }));
    const failed = replies.find((reply) => reply.status === 'rejected');
    if (failed) throw failed.reason;
    return replies.map((reply) => (reply as PromiseFulfilledResult<unknown>).value);
  }

  send(command: RedisCommand, options: SendOptions): Promise<unknown> {
    return this.#cluster.sendCommand(commandKey(command), false, command as string[], commandOptions(options));
  }

  /** Commands of one slot, in order on its master's connection; redirected ones again, one by one. */
  async #onOneNode(commands: readonly RedisCommand[]): Promise<PromiseSettledResult<unknown>[]> {
    const key = commandKey(commands[0] as RedisCommand);
    if (key === undefined) return Promise.allSettled(commands.map((command) => this.#cluster.sendCommand(undefined, false, command as string[])));
    const node = await this.#cluster.getNodeClientForKey(key);
    const settled: PromiseSettledResult<unknown>[] = await Promise.allSettled(commands.map((command) => node.sendCommand(command as string[])));
    for (let i = 0; i < settled.length; i++) {
      const reply = settled[i] as PromiseSettledResult<unknown>;
      if (reply.status === 'rejected' && isRedirection(reply.reason)) {
        const [again] = await Promise.allSettled([this.#cluster.sendCommand(key, false, commands[i] as string[])]);
        settled[i] = again as PromiseSettledResult<unknown>;
      }
    }
    return settled;
  }

  async #connectWithRetries(): Promise<void> {
    for (let retries = 0; ; retries++) {
      try {
        await this.#cluster.connect();
        return;
      } catch (error) {
        const delay = this.#destroyed ? false : this.#reconnectStrategy(retries);
        if (delay === false) throw error;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => { clearTimeout(timer); resolve(); };
        });
        this.#wake = undefined;
      }
    }
  }

  #stopConnecting(): void {
    this.#destroyed = true;
    this.#wake?.();
  }
}

interface NodeInfo {
  readonly host?: string;
  readonly port?: number;
}

function addressOf(node: NodeInfo): string {
  return `${node.host ?? ''}:${node.port ?? ''}`;
}

/** MOVED (the slot lives elsewhere now) and ASK (it is being moved): the command did not run. */
function isRedirection(error: unknown): boolean {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && (message.startsWith('MOVED ') || message.startsWith('ASK '));
}

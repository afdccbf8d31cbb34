import { withTimeout } from '@necrostack/core';
import { createClient, createCluster } from 'redis';
import { clusterNodeDefaults, commandKey } from '@necrostack/backend-redis';
import { clusterRootNodes } from './cluster-url';

/** The one client method the CLI's direct Redis access uses: raw commands, RESP2 replies (flat arrays). */
export interface RawRedis {
  sendCommand(args: string[]): Promise<unknown>;
}

/** How {@link connectRawRedis} connects. */
export interface RawRedisOptions {
  /** Timeout of one connection attempt. */
  readonly timeoutMs: number;
  /**
   * Reconnect after Redis restarts, and fail commands at once while it is down (the dashboard);
   * otherwise the first lost connection is final (one-shot commands).
   */
  readonly reconnect: boolean;
  /** On a Redis Cluster, a key of the slot that SCAN walks: the streamKey (every key derived from it is in its slot). */
  readonly scanKey: string;
}

/** A {@link RawRedis} and the way to drop its connection. */
export interface RawConnection {
  readonly redis: RawRedis;
  close(): void;
}

/**
 * Connects a client of its own to `url`: a single Redis, or a Redis Cluster (`redis+cluster://`),
 * where each command goes to the master owning its key (and SCAN to the one owning `scanKey`).
 * For what the backend offers no method for (`XINFO`, `XDEL`); key names still come from the
 * backend's `RedisKeys`.
 *
 * @throws what connecting throws (the caller words it).
 * @example
 * ```ts
 * const { redis, close } = await connectRawRedis('redis://127.0.0.1:6379', { timeoutMs: 5_000, reconnect: false, scanKey: keys.streamKey });
 * try { console.log(await redis.sendCommand(['XLEN', keys.dlq])); } finally { close(); }
 * ```
 */
export async function connectRawRedis(url: string, options: RawRedisOptions): Promise<RawConnection> {
  const rootNodes = clusterRootNodes(url);
  return rootNodes ? connectCluster(rootNodes, options) : connectNode(url, options);
}

async function connectNode(url: string, options: RawRedisOptions): Promise<RawConnection> {
  const client = createClient({
    url, RESP: 2, disableOfflineQueue: options.reconnect,
    socket: { connectTimeout: options.timeoutMs, ...(options.reconnect ? {} : { reconnectStrategy: false as const }) },
  });
  client.on('error', () => undefined); // reported by the failing command
  await client.connect();
  return { redis: client, close: () => { if (client.isOpen) client.destroy(); } };
}

async function connectCluster(rootNodes: { url: string }[], options: RawRedisOptions): Promise<RawConnection> {
  const defaults = clusterNodeDefaults((rootNodes[0] as { url: string }).url);
  const socket = { ...defaults.socket, connectTimeout: options.timeoutMs, ...(options.reconnect ? {} : { reconnectStrategy: false as const }) };
  const cluster = createCluster({ rootNodes, defaults: { ...defaults, socket, disableOfflineQueue: options.reconnect }, RESP: 2, minimizeConnections: true });
  cluster.on('error', () => undefined); // reported by the failing command
  await cluster.connect();
  const redis: RawRedis = {
    async sendCommand(args) {
      if (args[0]?.toUpperCase() === 'SCAN') return (await cluster.getNodeClientForKey(options.scanKey)).sendCommand(args);
      return cluster.sendCommand(commandKey(args), true, args);
    },
  };
  return { redis, close: () => { if (cluster.isOpen) cluster.destroy(); } };
}

/**
 * Runs `work` on a client of its own ({@link connectRawRedis}) that does not reconnect, then closes it.
 *
 * @throws Error (`Redis: no answer within … ms`) when connecting and `work` take longer than `timeoutMs`,
 * or the error of the failing command.
 * @example
 * ```ts
 * const length = await withRedisClient('redis://127.0.0.1:6379', { timeoutMs: 5_000, scanKey: keys.streamKey }, (redis) => redis.sendCommand(['XLEN', keys.dlq]));
 * ```
 */
export async function withRedisClient<T>(url: string, options: Omit<RawRedisOptions, 'reconnect'>, work: (redis: RawRedis) => Promise<T>): Promise<T> {
  const connecting = connectRawRedis(url, { ...options, reconnect: false });
  try {
    return await withTimeout(connecting.then(({ redis }) => work(redis)), options.timeoutMs, 'Redis');
  } finally {
    connecting.then(({ close }) => close(), () => undefined);
  }
}

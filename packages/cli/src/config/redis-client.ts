import { withTimeout } from '@necrostack/core';
import { createClient } from 'redis';

/** The one client method the CLI's direct Redis access uses: raw commands, RESP2 replies (flat arrays). */
export interface RawRedis {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * Runs `work` on a client of its own that does not reconnect, then closes it. For what the backend
 * offers no method for (`XINFO`, `XDEL`); key names still come from the backend's `RedisKeys`.
 *
 * @throws Error (`Redis: no answer within … ms`) when connecting and `work` take longer than `timeoutMs`,
 * or the error of the failing command.
 * @example
 * ```ts
 * const length = await withRedisClient('redis://127.0.0.1:6379', 5_000, (redis) => redis.sendCommand(['XLEN', keys.dlq]));
 * ```
 */
export async function withRedisClient<T>(url: string, timeoutMs: number, work: (redis: RawRedis) => Promise<T>): Promise<T> {
  const client = createClient({ url, RESP: 2, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on('error', () => undefined); // reported by the failing command
  try {
    return await withTimeout(client.connect().then(() => work(client)), timeoutMs, 'Redis');
  } finally {
    if (client.isOpen) client.destroy();
  }
}

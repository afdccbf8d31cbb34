import { withTimeout } from '@necrostack/core';
import { connectRawRedis, type RawRedis } from '../config/redis-client';

/** The dashboard's own connection for XINFO, XPENDING and XRANGE: open while the dashboard runs. */
export interface DashboardRedis extends RawRedis {
  close(): void;
}

/**
 * Connects a client (a single Redis, or a Redis Cluster) that reconnects after Redis restarts but
 * fails commands at once while it is down (no offline queue), and fails any command that takes
 * longer than `timeoutMs`, so a sample or a request never hangs.
 *
 * @throws what connecting throws (the caller words it).
 */
export async function connectDashboardRedis(url: string, timeoutMs: number, scanKey: string): Promise<DashboardRedis> {
  const { redis, close } = await connectRawRedis(url, { timeoutMs, reconnect: true, scanKey });
  return { sendCommand: (args) => withTimeout(redis.sendCommand(args), timeoutMs, args[0] as string), close };
}

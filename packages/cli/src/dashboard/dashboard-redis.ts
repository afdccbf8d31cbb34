import { withTimeout } from '@necrostack/core';
import { createClient } from 'redis';
import type { RawRedis } from '../config/redis-client';

/** The dashboard's own connection for XINFO, XPENDING and XRANGE: open while the dashboard runs. */
export interface DashboardRedis extends RawRedis {
  close(): void;
}

/**
 * Connects a client that reconnects after Redis restarts but fails commands at once while it is
 * down (no offline queue), and fails any command that takes longer than `timeoutMs`, so a sample
 * or a request never hangs.
 *
 * @throws what connecting throws (the caller words it).
 */
export async function connectDashboardRedis(url: string, timeoutMs: number): Promise<DashboardRedis> {
  const client = createClient({ url, RESP: 2, disableOfflineQueue: true, socket: { connectTimeout: timeoutMs } });
  client.on('error', () => undefined); // reported by the failing command
  await client.connect();
  return {
    sendCommand: (args) => withTimeout(client.sendCommand(args), timeoutMs, args[0] as string),
    close: () => {
      if (client.isOpen) client.destroy();
    },
  };
}

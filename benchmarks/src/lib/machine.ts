import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { createClient } from 'redis';
import type { Machine } from '../model/results';

/** The machine as the report describes it; `redis` is the server's version from INFO server, or null. */
export async function describeMachine(redisUrl: string, loadAtStart: number): Promise<Machine> {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    redis: await redisVersion(redisUrl),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? NaN },
  };
}

async function redisVersion(url: string): Promise<string | null> {
  const client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

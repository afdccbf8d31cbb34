import { createClient } from 'redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis's own CPU time (user + sys), in microseconds, from INFO CPU. */
export async function redisCpuMicros(): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const info = await client.info('cpu');
    const read = (field: string): number => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
    return (read('used_cpu_user') + read('used_cpu_sys')) * 1e6;
  } finally {
    client.destroy();
  }
}

/** Deletes every key that starts with `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

/** What one throughput scenario measured. */
export interface RedisRun {
  readonly eventsPerSecond: number;
  readonly redisCpuMicrosPerEvent: number;
}

/** Times `body` (which moves `events` events end to end) and Redis's CPU over it. */
export async function measureRun(events: number, body: () => Promise<void>): Promise<RedisRun> {
  const cpuBefore = await redisCpuMicros();
  const started = process.hrtime.bigint();
  await body();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (await redisCpuMicros()) - cpuBefore;
  return { eventsPerSecond: events / seconds, redisCpuMicrosPerEvent: cpu / events };
}

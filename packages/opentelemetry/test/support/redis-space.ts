import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type RawClient = ReturnType<typeof createClient<{}, {}, {}, 2>>;

/** One test's stream (`necrostack-test:<uuid>`): backends on it, closed and every key deleted at cleanup. */
export class RedisSpace {
  readonly streamKey = `necrostack-test:${randomUUID()}`;
  private readonly backends: RedisBackend[] = [];

  backend(): RedisBackend {
    const backend = new RedisBackend({ url: REDIS_URL, streamKey: this.streamKey, logger: silentLogger });
    this.backends.push(backend);
    return backend;
  }

  /** The fields of every entry of the stream, oldest first. */
  async entries(): Promise<Record<string, string>[]> {
    return this.withClient(async (client) => ((await client.xRange(this.streamKey, '-', '+')) ?? []).map((entry) => ({ ...entry?.message })));
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.backends.map((backend) => backend.close()));
    await this.withClient(async (client) => {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${this.streamKey}*`, COUNT: 1000 })) keys.push(...batch);
      if (keys.length > 0) await client.unlink(keys);
    });
  }

  private async withClient<T>(use: (client: RawClient) => Promise<T>): Promise<T> {
    const client: RawClient = createClient({ url: REDIS_URL, RESP: 2 });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  }
}

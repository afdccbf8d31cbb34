import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { silentLogger } from '@necrostack/core';
import { RedisBackend, type RedisBackendOptions } from '@necrostack/backend-redis';

export { waitFor } from '@necrostack/redis-servers';

/** The Redis the integration tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type RawClient = ReturnType<typeof createRawClient>;

export function createRawClient(url = REDIS_URL) {
  return createClient({ url, RESP: 2 });
}

/** A unique key prefix: every key of one test starts with it. */
export function uniqueStreamKey(): string {
  return `necrostack-test:${randomUUID()}`;
}

/**
 * One test's Redis world: a unique streamKey, the backends built on it (closed at cleanup), a raw
 * client for assertions (closed at cleanup), and every key under the prefix deleted at cleanup.
 */
export class RedisTestEnv {
  readonly streamKey = uniqueStreamKey();
  readonly raw: RawClient;
  readonly #backends: RedisBackend[] = [];

  constructor(readonly url = REDIS_URL) {
    this.raw = createRawClient(url);
  }

  async start(): Promise<this> {
    await this.raw.connect();
    return this;
  }

  /** A backend on this test's streamKey, silent unless `logger` is given. */
  backend(options: RedisBackendOptions = {}): RedisBackend {
    const backend = new RedisBackend({ url: this.url, streamKey: this.streamKey, logger: silentLogger, ...options });
    this.#backends.push(backend);
    return backend;
  }

  /** Sends a raw command and returns its reply. */
  send<T = unknown>(...args: string[]): Promise<T> {
    return this.raw.sendCommand(args) as Promise<T>;
  }

  /** Writes a raw stream entry on this test's stream, as a foreign producer would (values may be bytes). */
  xadd(...fieldsAndValues: (string | Buffer)[]): Promise<string> {
    return this.raw.sendCommand(['XADD', this.streamKey, '*', ...fieldsAndValues]) as Promise<string>;
  }

  /** The entries of the dead-letter stream, oldest first, each as a field map. */
  async deadLetterEntries(): Promise<Record<string, string>[]> {
    const entries = await this.send<[string, string[]][]>('XRANGE', `${this.streamKey}:dlq`, '-', '+');
    return entries.map(([, flat]) => fields(flat));
  }

  /** XINFO GROUPS of the events stream, each group as a field map. */
  async groups(): Promise<Record<string, unknown>[]> {
    const groups = await this.send<string[][]>('XINFO', 'GROUPS', this.streamKey);
    return groups.map((g) => fields(g));
  }

  /** Every key of this test. */
  async keys(): Promise<string[]> {
    const found: string[] = [];
    // Partition keys are `{<streamKey>-p<i>}…`.
    for (const match of [`${this.streamKey}*`, `{${this.streamKey}-p*`]) {
      for await (const batch of this.raw.scanIterator({ MATCH: match, COUNT: 1000 })) found.push(...batch);
    }
    return found;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#backends.map((b) => b.close().catch(() => undefined)));
    if (!this.raw.isOpen) return;
    const keys = await this.keys();
    if (keys.length > 0) await this.raw.sendCommand(['UNLINK', ...keys]);
    await this.raw.close();
  }
}

/** A flat RESP2 field list as an object. */
export function fields(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

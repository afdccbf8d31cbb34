import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, killStarted, necro, REDIS_URL, withRedis, type Result } from './helpers';

/** What one test works in: Redis keys and files of its own, deleted after it. */
export interface TestSpace {
  /** A unique stream key, `necrostack-test:<uuid>`; every key starting with it is deleted after the test. */
  readonly stream: string;
  /** Its dead-letter stream. */
  readonly dlq: string;
  /** `--backend <the test Redis> --stream <stream>`: points a command at this test's streams. */
  readonly conn: readonly string[];
  /** A path in the test's scratch directory. */
  record(name: string): string;
  /**
   * Writes `items` as a JSON Lines file and runs `necro publish [type] --file it` on this test's
   * stream; expects exit 0. Without `type`, each item is `{ event_type, payload }`.
   */
  publish(items: readonly unknown[], type?: string): Promise<Result>;
}

/**
 * Sets up a CLI integration test file: checks the binary is built, gives each test a fresh
 * {@link TestSpace}, and afterwards kills the processes it started and deletes its keys and files.
 * Call once at the top of a `describe`; read the space's fields inside tests only.
 */
export function useTestSpace(): TestSpace {
  let current: Space | undefined;
  beforeAll(assertBuilt);
  beforeEach(() => { current = new Space(); });
  afterEach(async () => {
    await killStarted();
    await current?.cleanup();
    current = undefined;
  });
  const now = (): Space => {
    if (!current) throw new Error('the test space exists only while a test runs');
    return current;
  };
  return {
    get stream() { return now().stream; },
    get dlq() { return now().dlq; },
    get conn() { return now().conn; },
    record: (name) => now().record(name),
    publish: (items, type) => now().publish(items, type),
  };
}

class Space implements TestSpace {
  readonly stream = `necrostack-test:${randomUUID()}`;
  readonly dlq = `${this.stream}:dlq`;
  readonly conn = ['--backend', REDIS_URL, '--stream', this.stream];
  private readonly dir = mkdtempSync(join(tmpdir(), 'necro-cli-'));
  private files = 0;

  record(name: string): string {
    return join(this.dir, name);
  }

  async publish(items: readonly unknown[], type?: string): Promise<Result> {
    const file = this.record(`publish-${++this.files}.jsonl`);
    writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n'));
    const result = await necro(['publish', ...(type === undefined ? [] : [type]), '--file', file, ...this.conn]);
    if (result.code !== 0) throw new Error(`necro publish failed (${result.code}): ${result.stderr}`);
    return result;
  }

  async cleanup(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    await withRedis(async (redis) => {
      const keys: string[] = [];
      // Partition keys are `{<stream>-p<i>}…`.
      for (const match of [`${this.stream}*`, `{${this.stream}-p*`]) {
        for await (const batch of redis.scanIterator({ MATCH: match, COUNT: 1000 })) keys.push(...batch);
      }
      if (keys.length > 0) await redis.del(keys);
    });
  }
}

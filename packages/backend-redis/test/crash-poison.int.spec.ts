// An event whose handler kills its worker is dead-lettered alone: the events held with it are not.
import { Event } from '@necrostack/core';
import { PrivateRedis } from './support/private-redis';
import { RedisTestEnv, waitFor } from './support/redis-test-env';
import { WorkerProcess } from './support/worker-process';

jest.setTimeout(120_000);

const MAX_RESTARTS = 8;

describe('when one event crashes every worker that handles it', () => {
  let redis: PrivateRedis;
  let env: RedisTestEnv;
  let current: WorkerProcess | undefined;

  beforeEach(async () => {
    redis = await new PrivateRedis().start();
    env = await new RedisTestEnv(redis.url).start();
  });
  afterEach(async () => {
    await current?.stop('SIGKILL');
    await env.cleanup();
    await redis.destroy();
  });

  // One partition: the claim script takes the dead worker's entries; four (per-key ordering): the
  // next lease holder does, through the owned-read script. One at a time either way.
  it.each([1, 4])('dead-letters exactly the poison event after maxDeliveries crashes, and handles the 399 others (partitions: %i)', async (partitions) => {
    const events = Array.from({ length: 400 }, (_, n) => new Event('ORDER_PLACED', { n, poison: n === 7 }));
    const poison = events[7] as Event;
    await env.backend({ partitions }).enqueue(events);
    const recordKey = `${env.streamKey}:test:handled`;
    const config = {
      url: redis.url, streamKey: env.streamKey, recordUrl: redis.url, recordKey, consumerName: 'worker',
      claimMinIdleMs: 500, batchSize: 100, maxDeliveries: 3, exitOnPoison: true, logLevel: 'error' as const, partitions,
    };

    // Like a supervisor: restart the worker each time it exits, until the work is done.
    let crashes = 0;
    const handledIds = async (): Promise<Set<string>> =>
      new Set((await env.send<string[]>('LRANGE', recordKey, '0', '-1')).map((line) => line.split(' ')[0] as string));
    const done = async (): Promise<boolean> =>
      (await handledIds()).size + (await env.send<number>('XLEN', `${env.streamKey}:dlq`)) >= events.length;
    for (let restart = 0; restart < MAX_RESTARTS && !(await done()); restart++) {
      current = await new WorkerProcess({ ...config, consumerName: `worker-${restart}` }).ready();
      const exited = await Promise.race([current.exited, waitFor(done, { timeoutMs: 30_000, what: 'the work to be done' }).then(() => 'done' as const)]);
      if (exited !== 'done') crashes++;
    }
    await current?.stop();

    const letters = await env.deadLetterEntries();
    expect(letters.map((l) => [JSON.parse(l.event as string).id, l.error_class])).toEqual([[poison.id, 'DeliveryExhaustedError']]);
    expect(crashes).toBe(3);
    const handled = await handledIds();
    expect(handled.size).toBe(399);
    for (const event of events) if (event !== poison) expect(handled.has(event.id)).toBe(true);
  });
});

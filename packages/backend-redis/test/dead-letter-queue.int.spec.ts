import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { RedisTestEnv } from './support/redis-test-env';

/** Fails while `failing` is true; records what it handled. */
@Organ()
@ListensTo('JOB')
class Picky {
  failing = true;
  readonly done: string[] = [];
  handle(event: Event) {
    if (this.failing) throw new Error('not now');
    this.done.push(event.id);
  }
}

@Organ()
@ListensTo('JOB')
class Steady {
  readonly done: string[] = [];
  handle(event: Event) {
    this.done.push(event.id);
  }
}

describe('RedisBackend.deadLetters', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  async function failThree() {
    const backend = env.backend();
    const [picky, steady] = [new Picky(), new Steady()];
    const spine = new Spine({ organs: [picky, steady], backend, logger: silentLogger, retryAttempts: 1 });
    const jobs = [1, 2, 3].map((n) => new Event('JOB', { n }));
    await spine.run(jobs);
    return { backend, picky, steady, spine, jobs };
  }

  it('lists every dead letter with its event, organ and error', async () => {
    const { backend, jobs } = await failThree();
    const letters = await backend.deadLetters.getAll();
    expect(letters.map((l) => l.event?.id)).toEqual(jobs.map((j) => j.id));
    expect(letters[0]).toMatchObject({ organ: 'Picky', group: 'Picky', attempts: 1, error: { name: 'Error', message: 'not now' } });
    expect(letters[0]?.failedAt).toBeInstanceOf(Date);
    expect(backend.deadLetters.size).toBe(3);
  });

  it('is durable: another backend instance reads the same dead letters', async () => {
    await failThree();
    expect(await env.backend().deadLetters.getAll()).toHaveLength(3);
  });

  it('replays to the organ that failed only, and removes the dead letters', async () => {
    const { backend, picky, steady, spine, jobs } = await failThree();
    picky.failing = false;

    expect(await backend.deadLetters.replay({ organ: 'Picky' })).toBe(3);
    await spine.run();

    expect(picky.done).toEqual(jobs.map((j) => j.id));
    expect(steady.done).toEqual(jobs.map((j) => j.id)); // not run a second time
    expect(await backend.deadLetters.getAll()).toEqual([]);
    expect(backend.deadLetters.size).toBe(0);
  });

  it('replays one dead letter by id, once', async () => {
    const { backend, picky, spine, jobs } = await failThree();
    picky.failing = false;
    const [, second] = await backend.deadLetters.getAll();

    expect(await backend.deadLetters.replay({ id: second?.id })).toBe(1);
    expect(await backend.deadLetters.replay({ id: second?.id })).toBe(0);
    await spine.run();

    expect(picky.done).toEqual([jobs[1]?.id]);
    expect(await backend.deadLetters.getAll()).toHaveLength(2);
  });

  it('replays nothing for another organ', async () => {
    const { backend } = await failThree();
    expect(await backend.deadLetters.replay({ organ: 'Steady' })).toBe(0);
  });

  it('clears', async () => {
    const { backend } = await failThree();
    await backend.deadLetters.clear();
    expect(backend.deadLetters.size).toBe(0);
    expect(await backend.deadLetters.getAll()).toEqual([]);
  });

  it('deletes the dead letters named by id, and only those', async () => {
    const { backend } = await failThree();
    const [first, second, third] = await backend.deadLetters.getAll();

    const deleted = await backend.deadLetters.delete([first!.id, third!.id, first!.id, 'not-an-id', '0-1']);

    expect(deleted).toBe(2);
    expect(backend.deadLetters.size).toBe(1);
    expect((await backend.deadLetters.getAll()).map((l) => l.id)).toEqual([second!.id]);
    expect(await backend.deadLetters.delete([])).toBe(0);
  });

  it('keeps at most deadLetterMaxLen and counts the dropped ones', async () => {
    const backend = env.backend({ deadLetterMaxLen: 2 });
    const spine = new Spine({ organs: [new Picky()], backend, logger: silentLogger, retryAttempts: 1 });
    await spine.run([1, 2, 3, 4, 5].map((n) => new Event('JOB', { n })));
    expect(backend.deadLetters.size).toBe(2);
    expect(backend.deadLetters.droppedCount).toBe(3);
    const fresh = env.backend();
    expect(await fresh.deadLetters.refresh()).toEqual({ size: 2, droppedCount: 3 });
  });

  it('reads dead letters written by a Python worker (four fields)', async () => {
    const backend = env.backend();
    const event = new Event('JOB', { n: 1 });
    await env.send('XADD', `${env.streamKey}:dlq`, '*', 'original_id', '1-0', 'event', Event.encode(event),
      'reason', 'boom', 'failed_at', '2024-05-01T12:00:00');
    const [letter] = await backend.deadLetters.getAll();
    expect(letter).toMatchObject({ organ: undefined, group: undefined, attempts: 1, error: { name: 'Error', message: 'boom' } });
    expect(letter?.failedAt.toISOString()).toBe('2024-05-01T12:00:00.000Z');
    expect(letter?.event?.id).toBe(event.id);
  });
});

import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { SchemaEnv } from './support/postgres-test-env';

@Organ({ name: 'Mailer' })
@ListensTo('USER_SIGNED_UP')
class Mailer {
  failing = true;
  readonly sent: string[] = [];
  handle(event: Event): void {
    if (this.failing) throw new Error('smtp down');
    this.sent.push(event.id);
  }
}

@Organ({ name: 'Audit' })
@ListensTo('USER_SIGNED_UP')
class Audit {
  readonly seen: string[] = [];
  handle(event: Event): void {
    this.seen.push(event.id);
  }
}

describe('PostgresBackend dead letters', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('keeps them durably, lists them from another backend, replays to the failed organ only, deletes and purges', async () => {
    const mailer = new Mailer();
    const audit = new Audit();
    const events = [1, 2, 3].map((n) => new Event('USER_SIGNED_UP', { n }));
    const worker = env.backend();
    await new Spine({ organs: [mailer, audit], backend: worker, logger: silentLogger, retryAttempts: 1 }).run(events);
    await worker.close();

    const admin = env.backend();
    const letters = await admin.deadLetters.getAll();
    expect(letters.map((l) => [l.event?.id, l.organ, l.group, l.error.message])).toEqual(events.map((e) => [e.id, 'Mailer', 'Mailer', 'smtp down']));
    expect(admin.deadLetters.size).toBe(3);

    expect(await admin.deadLetters.replay({ id: letters[0]!.id })).toBe(1);
    expect(await admin.deadLetters.delete([letters[1]!.id, 'not-an-id'])).toBe(1);
    mailer.failing = false;
    await new Spine({ organs: [mailer, audit], backend: env.backend(), logger: silentLogger }).run();
    expect(mailer.sent).toEqual([events[0]!.id]);
    expect(audit.seen).toEqual(events.map((e) => e.id)); // Audit ran once per event: the replay was Mailer's only

    const report = await admin.deadLetters.replayWithReport({ organ: 'Nobody' });
    expect(report).toEqual({ replayed: 0, refused: [] });
    expect((await admin.deadLetters.getAll()).map((l) => l.event?.id)).toEqual([events[2]!.id]);
    await admin.deadLetters.clear();
    expect(await admin.deadLetters.refresh()).toEqual({ size: 0, droppedCount: 0 });
  });

  it('refuses to replay a row that is not an event, saying why', async () => {
    const backend = env.backend();
    await backend.settle({ acks: [], nacks: [], releases: [], deadLetters: [{ event: '{"id": 1', organ: 'Mailer', error: { name: 'MalformedEntryError', message: 'bad' }, attempts: 1 }] });
    const [letter] = await backend.deadLetters.getAll();
    expect(await backend.deadLetters.replayWithReport()).toEqual({
      replayed: 0, refused: [{ id: letter!.id, organ: 'Mailer', reason: 'its text does not decode into an event' }],
    });
    await backend.deadLetters.clear();
  });
});

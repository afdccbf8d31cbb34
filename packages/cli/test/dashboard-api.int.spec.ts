import { request } from 'node:http';
import { PrivateRedis } from '../../backend-redis/test/support/private-redis';
import type { Overview } from '../src/dashboard/overview-model';
import { call, closeDashboards, openDashboard, plantDeadLetter, TOKEN } from './dashboard-helpers';
import { waitFor, withRedis } from './helpers';
import { useTestSpace } from './test-space';

interface Page {
  items: { id: string; organ: string; error: { name: string; message: string }; eventId: string }[];
  nextCursor: string | null;
}

describe('necro dashboard API', () => {
  const space = useTestSpace();
  afterEach(closeDashboards);

  /** Waits until the sampler's overview satisfies `ok`; resolves with it. */
  async function overviewWhen(dashboard: Awaited<ReturnType<typeof openDashboard>>, ok: (o: Overview) => boolean): Promise<Overview> {
    let last: Overview | undefined;
    await waitFor(async () => ok(last = (await call<Overview>(dashboard, '/api/overview')).body), 10_000, 'the overview');
    return last as Overview;
  }

  describe('the overview', () => {
    it('shows each organ\'s lag, pending and their age, consumers, stream retention and worker health', async () => {
      await withRedis(async (redis) => {
        for (let n = 0; n < 5; n++) await redis.xAdd(space.stream, '*', { event: `{"n":${n}}` });
        await redis.sendCommand(['XGROUP', 'CREATE', space.stream, 'necrostack:Alpha', '0']);
        await redis.sendCommand(['XGROUP', 'CREATE', space.stream, 'necrostack:Beta', '$']);
        await redis.sendCommand(['XREADGROUP', 'GROUP', 'necrostack:Alpha', 'worker-1', 'COUNT', '2', 'STREAMS', space.stream, '>']);
      });
      const dashboard = await openDashboard(space);
      const overview = await overviewWhen(dashboard, (o) => o.organs.length === 2);
      const [alpha, beta] = overview.organs;
      expect(alpha).toMatchObject({ organ: 'Alpha', group: 'necrostack:Alpha', lag: 3, pending: 2, delivered: 2 });
      expect(alpha!.oldestPendingMs).toBeGreaterThanOrEqual(0);
      expect(alpha!.consumers).toEqual([{ name: 'worker-1', pending: 2, idleMs: expect.any(Number) }]);
      expect(beta).toMatchObject({ organ: 'Beta', lag: 0, pending: 0, oldestPendingMs: null, consumers: [] });
      expect(overview.streams).toEqual([{ key: space.stream, kind: 'events', length: 5, entriesAdded: 5, removed: 0, oldestEntryAgeMs: expect.any(Number) }]);
      expect(overview.workers).toEqual([{ name: 'worker-1', organs: 1, pending: 2, idleMs: expect.any(Number), status: 'active' }]);
    });

    it('counts deliveries per second from the groups and dead letters by organ and error class', async () => {
      await withRedis((redis) => redis.sendCommand(['XGROUP', 'CREATE', space.stream, 'necrostack:Alpha', '$', 'MKSTREAM']));
      const dashboard = await openDashboard(space);
      await withRedis(async (redis) => {
        for (let n = 0; n < 20; n++) await redis.xAdd(space.stream, '*', { event: `{"n":${n}}` });
        await redis.sendCommand(['XREADGROUP', 'GROUP', 'necrostack:Alpha', 'worker-1', 'COUNT', '20', 'STREAMS', space.stream, '>']);
      });
      await plantDeadLetter(space, { organ: 'Alpha', errorClass: 'TypeError' });
      await plantDeadLetter(space, { organ: 'Alpha', errorClass: 'RangeError' });
      const overview = await overviewWhen(dashboard, (o) => o.organs[0]?.delivered === 20 && o.deadLetters.total === 2);
      expect(overview.rates.some((r) => r.delivered > 0)).toBe(true);
      expect(overview.rates.some((r) => r.failed > 0)).toBe(true);
      expect(overview.organs[0]!.deadLetters).toEqual({ count: 2, newestAt: expect.any(String) });
      expect(overview.deadLetters).toEqual({ total: 2, complete: true, byOrgan: { Alpha: 2 }, byErrorClass: { TypeError: 1, RangeError: 1 } });
    });
  });

  it('counts the dead letters again when some were deleted by someone else (necro dlq, redis-cli)', async () => {
    const letters: { id: string }[] = [];
    for (const organ of ['Alpha', 'Beta', 'Beta']) letters.push(await plantDeadLetter(space, { organ }));
    const dashboard = await openDashboard(space);
    await overviewWhen(dashboard, (o) => o.deadLetters.total === 3);
    await withRedis((redis) => redis.xDel(space.dlq, letters[1]!.id));
    await plantDeadLetter(space, { organ: 'Gamma' });
    const overview = await overviewWhen(dashboard, (o) => o.deadLetters.complete && o.deadLetters.total === 3 && 'Gamma' in o.deadLetters.byOrgan);
    expect(overview.deadLetters.byOrgan).toEqual({ Alpha: 1, Beta: 1, Gamma: 1 });
  });

  describe('the dead-letter list', () => {
    it('pages newest first with a cursor, and filters by organ, error class and time', async () => {
      const planted: { id: string; eventId: string }[] = [];
      for (let n = 0; n < 7; n++) {
        planted.push(await plantDeadLetter(space, { organ: n % 2 === 0 ? 'Even' : 'Odd', errorClass: n < 4 ? 'TypeError' : 'RangeError', at: `${1_700_000_000_000 + n * 1000}-0` }));
      }
      const dashboard = await openDashboard(space);
      const ids = (page: Page): string[] => page.items.map((l) => l.id);
      const first = (await call<Page>(dashboard, '/api/dead-letters?limit=3')).body;
      expect(ids(first)).toEqual([planted[6]!.id, planted[5]!.id, planted[4]!.id]);
      const second = (await call<Page>(dashboard, `/api/dead-letters?limit=3&cursor=${first.nextCursor}`)).body;
      expect(ids(second)).toEqual([planted[3]!.id, planted[2]!.id, planted[1]!.id]);
      const last = (await call<Page>(dashboard, `/api/dead-letters?limit=3&cursor=${second.nextCursor}`)).body;
      expect({ ids: ids(last), next: last.nextCursor }).toEqual({ ids: [planted[0]!.id], next: null });

      const evenFirst = (await call<Page>(dashboard, '/api/dead-letters?organ=Even&limit=2')).body;
      expect(ids(evenFirst)).toEqual([planted[6]!.id, planted[4]!.id]);
      await withRedis((redis) => redis.xDel(space.dlq, planted[2]!.id)); // deleted after the sample: skipped
      const evenNext = (await call<Page>(dashboard, `/api/dead-letters?organ=Even&limit=2&cursor=${evenFirst.nextCursor}`)).body;
      expect({ ids: ids(evenNext), next: evenNext.nextCursor }).toEqual({ ids: [planted[0]!.id], next: null });
      const even = (await call<Page>(dashboard, '/api/dead-letters?organ=Even&errorClass=TypeError')).body;
      expect(ids(even)).toEqual([planted[0]!.id]);
      const from = new Date(1_700_000_002_000).toISOString();
      const to = new Date(1_700_000_004_000).toISOString();
      expect(ids((await call<Page>(dashboard, `/api/dead-letters?from=${from}&to=${to}`)).body)).toEqual([planted[4]!.id, planted[3]!.id]); // planted[2] was deleted
    });

    it('shows one dead letter, and answers 404 for an unknown id', async () => {
      const { id, eventId } = await plantDeadLetter(space, { organ: 'Alpha', reason: 'card declined' });
      const dashboard = await openDashboard(space);
      const shown = await call(dashboard, `/api/dead-letters/${id}`);
      expect(shown).toMatchObject({ status: 200, body: { id, organ: 'Alpha', eventId, attempts: 3, error: { name: 'Error', message: 'card declined' } } });
      expect(await call(dashboard, '/api/dead-letters/1-0')).toEqual({ status: 404, body: { error: `no dead letter with id '1-0' in ${space.dlq}` } });
    });
  });

  describe('actions', () => {
    it('replays one dead letter to its organ\'s retry stream, and says 404 for an unknown one', async () => {
      const { id, eventId } = await plantDeadLetter(space, { organ: 'Alpha' });
      await plantDeadLetter(space, { organ: 'Beta' });
      const dashboard = await openDashboard(space);
      expect(await call(dashboard, '/api/dead-letters/replay', { body: { id } })).toEqual({ status: 200, body: { replayed: 1, refused: [] } });
      const retried = await withRedis((redis) => redis.xRange(`${space.stream}:retry:Alpha`, '-', '+'));
      expect(JSON.parse(String(retried?.[0]?.message.event)).id).toBe(eventId);
      expect((await call<Overview>(dashboard, '/api/overview')).body.deadLetters.byOrgan).toEqual({ Beta: 1 });
      expect((await call(dashboard, '/api/dead-letters/replay', { body: { id } })).status).toBe(404);
    });

    it('replays one organ\'s dead letters, or all', async () => {
      for (const organ of ['Alpha', 'Alpha', 'Beta']) await plantDeadLetter(space, { organ });
      const dashboard = await openDashboard(space);
      expect((await call(dashboard, '/api/dead-letters/replay', { body: { organ: 'Alpha' } })).body).toEqual({ replayed: 2, refused: [] });
      expect((await call(dashboard, '/api/dead-letters/replay', { body: { all: true } })).body).toEqual({ replayed: 1, refused: [] });
      expect(await withRedis((redis) => redis.xLen(space.dlq))).toBe(0);
    });

    it('purges one dead letter, one organ\'s, or all', async () => {
      const { id } = await plantDeadLetter(space, { organ: 'Alpha' });
      for (const organ of ['Alpha', 'Beta', 'Beta', 'Gamma']) await plantDeadLetter(space, { organ });
      const dashboard = await openDashboard(space);
      expect((await call(dashboard, '/api/dead-letters/purge', { body: { id } })).body).toEqual({ deleted: 1 });
      expect((await call(dashboard, '/api/dead-letters/purge', { body: { organ: 'Beta' } })).body).toEqual({ deleted: 2 });
      expect((await call<Overview>(dashboard, '/api/overview')).body.deadLetters.byOrgan).toEqual({ Alpha: 1, Gamma: 1 });
      expect((await call(dashboard, '/api/dead-letters/purge', { body: { all: true } })).body).toEqual({ deleted: 2 });
      expect(await withRedis((redis) => redis.exists(space.dlq))).toBe(0);
    });
  });

  describe('security', () => {
    it('refuses every API request without the right token (401), and takes it as Bearer or X-Necro-Token', async () => {
      const dashboard = await openDashboard(space);
      const refused = { status: 401, body: { error: expect.stringContaining('needs its token') } };
      expect(await call(dashboard, '/api/overview', { token: null })).toEqual(refused);
      expect(await call(dashboard, '/api/overview', { token: 'wrong-token-0123456789abcdef' })).toEqual(refused);
      expect(await call(dashboard, '/api/dead-letters/purge', { token: null, body: { all: true } })).toEqual(refused);
      expect((await call(dashboard, '/api/config', { token: null, headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await fetch(dashboard.url)).status).toBe(200); // the page itself holds no data
    });

    it('refuses state changes in read-only mode (403) and tells the page', async () => {
      const { id } = await plantDeadLetter(space);
      const dashboard = await openDashboard(space, { readOnly: true });
      expect((await call(dashboard, '/api/config')).body).toMatchObject({ actions: 'read-only' });
      for (const action of ['replay', 'purge']) {
        expect(await call(dashboard, `/api/dead-letters/${action}`, { body: { id } })).toEqual({ status: 403, body: { error: expect.stringContaining('read-only') } });
      }
      expect(await withRedis((redis) => redis.xLen(space.dlq))).toBe(1);
    });

    it('without a token, serves reads but refuses state changes (403)', async () => {
      const dashboard = await openDashboard(space, { token: undefined });
      expect((await call(dashboard, '/api/config', { token: null })).body).toMatchObject({ actions: 'no-token' });
      expect(await call(dashboard, '/api/dead-letters/purge', { token: null, body: { all: true } }))
        .toEqual({ status: 403, body: { error: expect.stringContaining('actions need a token') } });
    });

    it('refuses a Host header other than the loopback names (DNS rebinding)', async () => {
      const dashboard = await openDashboard(space, { token: undefined });
      // fetch may not set Host: a plain request does, as a browser does for a rebound name.
      const answer = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        request(new URL('/api/overview', dashboard.url), { headers: { host: 'attacker.example' } }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => { text += chunk.toString(); });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
        }).on('error', reject).end();
      });
      expect(answer).toEqual({ status: 403, body: { error: expect.stringContaining("unexpected Host header 'attacker.example'") } });
    });

    it('refuses a token shorter than 16 characters, and a non-loopback host without a token', async () => {
      await expect(openDashboard(space, { token: 'short' })).rejects.toThrow('The dashboard token is too short (5 characters; at least 16)');
      await expect(openDashboard(space, { token: undefined, host: '0.0.0.0' })).rejects.toThrow('Refusing to serve the dashboard on 0.0.0.0 without a token');
    });

    it('never sends the Redis password to the page', async () => {
      const redis = await new PrivateRedis({ password: 'hunter2-secret' }).start();
      try {
        const dashboard = await openDashboard(space, { backend: redis.url });
        const config = await call(dashboard, '/api/config');
        expect(config.body.backend).toBe(`redis://:****@127.0.0.1:${redis.port}`);
        expect(JSON.stringify((await call(dashboard, '/api/overview')).body)).not.toContain('hunter2');
        await closeDashboards();
      } finally {
        await redis.stop();
      }
    });
  });

  describe('input validation', () => {
    it.each([
      ['/api/dead-letters?limit=0', "'limit' must be a whole number from 1 to 200, got '0'"],
      ['/api/dead-letters?limit=abc', "'limit' must be a whole number from 1 to 200, got 'abc'"],
      ['/api/dead-letters?cursor=x', "'cursor' must be a dead letter id like 1717243200000-0, got 'x'"],
      ['/api/dead-letters?from=yesterday', "'from' must be an ISO 8601 time or milliseconds since the epoch, got 'yesterday'"],
      ['/api/dead-letters?from=2024-02-01&to=2024-01-01', "'from' is after 'to'"],
      ['/api/dead-letters?sort=asc', "unknown parameter 'sort' (known: organ, errorClass, from, to, cursor, limit)"],
      ['/api/dead-letters?organ=%01', "'organ' must be a name of 1 to 200 printable characters"],
      ['/api/dead-letters/not-an-id', "'id' must be a dead letter id like 1717243200000-0, got 'not-an-id'"],
    ])('GET %s answers 400', async (path, error) => {
      const dashboard = await openDashboard(space);
      expect(await call(dashboard, path)).toEqual({ status: 400, body: { error } });
    });

    it.each([
      [{}, 'say which dead letters: exactly one of {"id": "…"}, {"organ": "…"} or {"all": true}'],
      [{ id: '1-0', organ: 'A' }, 'say which dead letters: exactly one of {"id": "…"}, {"organ": "…"} or {"all": true}'],
      [{ all: 'yes' }, "'all' must be true"],
      [{ organ: 42 }, "'organ' must be a string"],
      [[1], 'the body must be a JSON object'],
    ])('POST replay with %j answers 400', async (body, error) => {
      const dashboard = await openDashboard(space);
      expect(await call(dashboard, '/api/dead-letters/replay', { body })).toEqual({ status: 400, body: { error } });
    });

    it('refuses a body that is not JSON (415 without the content type, 400 when malformed), and unknown routes', async () => {
      const dashboard = await openDashboard(space);
      const post = (headers: Record<string, string>, body: string) => fetch(new URL('/api/dead-letters/purge', dashboard.url), { method: 'POST', headers: { 'x-necro-token': TOKEN, ...headers }, body })
        .then(async (r) => ({ status: r.status, body: await r.json() }));
      expect(await post({ 'content-type': 'text/plain' }, '{"all":true}')).toEqual({ status: 415, body: { error: 'send the body as JSON, with Content-Type: application/json' } });
      expect(await post({ 'content-type': 'application/json' }, '{all')).toEqual({ status: 400, body: { error: 'the body is not valid JSON' } });
      expect((await call(dashboard, '/api/nothing')).status).toBe(404);
      expect((await call(dashboard, '/api/overview', { body: {} })).status).toBe(405);
    });
  });
});

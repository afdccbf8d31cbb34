import { Event, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { closeDashboards, openDashboard, plantDeadLetter, TOKEN } from './dashboard-helpers';
import { closePartitionedWork, partitionedWork } from './dashboard-partitions';
import { fixture, lines, REDIS_URL, startWorker, streamLength, waitFor } from './helpers';
import { useTestSpace } from './test-space';

describe('the dashboard page, in Chromium', () => {
  const space = useTestSpace();
  let browser: Browser;
  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });
  afterEach(async () => {
    expect(pageErrors).toEqual([]);
    pageErrors = [];
    await context?.close();
    context = undefined;
    await closeDashboards();
    await closePartitionedWork();
  });

  /** Opens the page of a new dashboard on this test's stream, with the token in the address unless `token` is false. */
  async function openPage(options: { readOnly?: boolean; token?: boolean; partitions?: number } = {}): Promise<Page> {
    const dashboard = await openDashboard(space, { readOnly: options.readOnly, partitions: options.partitions });
    context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(options.token === false ? dashboard.url : `${dashboard.url}#token=${TOKEN}`);
    return page;
  }

  const organCell = (page: Page, organ: string, field: string) => page.locator(`[data-testid=organ-row][data-organ="${organ}"] [data-field="${field}"]`);
  const numberIn = async (page: Page, organ: string, field: string): Promise<number> => Number(await organCell(page, organ, field).textContent());

  /** Runs a worker with the Recorder organ on this test's stream; resolves with the file it records handled events in. */
  async function recorderWorker(): Promise<string> {
    const record = space.record('handled');
    await startWorker(['--organs', fixture('recorder.organ.js'), ...space.conn], { env: { NECRO_TEST_RECORD: record } });
    return record;
  }

  /** Sends a REC event every 50 ms (at most 400) until the returned function is called. */
  function publishWhile(): () => Promise<void> {
    const backend = new RedisBackend({ url: REDIS_URL, streamKey: space.stream, logger: silentLogger });
    let sent = 0;
    const timer = setInterval(() => {
      if (++sent <= 400) void backend.enqueue(new Event('REC', { n: sent }));
    }, 50);
    return async () => {
      clearInterval(timer);
      await backend.close();
    };
  }

  it('shows a running worker and the counts changing while a publisher sends', async () => {
    await recorderWorker();
    const stopPublishing = publishWhile();
    try {
      const page = await openPage();
      await organCell(page, 'Recorder', 'delivered').waitFor();
      const before = await numberIn(page, 'Recorder', 'delivered');
      await waitFor(async () => (await numberIn(page, 'Recorder', 'delivered')) >= before + 10, 10_000, 'the delivered count to grow');
      await waitFor(async () => Number(await page.textContent('[data-testid=rate-delivered]')) > 0, 10_000, 'a delivery rate');
      expect(await page.locator('[data-testid=worker-row] [data-field=status]').textContent()).toBe('active');
      expect(await page.locator('#chart polyline.delivered').getAttribute('points')).toMatch(/\d/);
      expect(await page.isHidden('[data-testid=partitions-card]')).toBe(true); // one partition: no partitions view
    } finally {
      await stopPublishing();
    }
  });

  describe('with partitions', () => {
    const partitionCell = (page: Page, partition: number, organ: string, field: string) => page.locator(
      `[data-testid=partition-row][data-partition="${partition}"] [data-field="${field}"][data-organ="${organ}"]`);
    const shownPartitions = (page: Page) => page.locator('[data-testid=partition-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-partition')));

    it('shows each organ\'s totals over the partitions, and every partition of a few, in order', async () => {
      await partitionedWork(space, [3, 2, 1, 0]);
      const page = await openPage({ partitions: 4 });
      await page.locator('[data-testid=partitions-summary]', { hasText: '4 streams · 3 busy · 1 idle' }).waitFor();
      expect(await shownPartitions(page)).toEqual(['0', '1', '2', '3']);
      const row = (partition: number) => Promise.all(['Alpha', 'Gamma'].flatMap((organ) => ['lag', 'pending', 'consumers']
        .map((field) => partitionCell(page, partition, organ, field).textContent())));
      // Alpha's lag, pending, consumers, then Gamma's.
      expect(await row(0)).toEqual(['0', '3', '2', '3', '0', '0']);
      expect(await row(1)).toEqual(['0', '0', '2', '2', '0', '0']);
      expect(await row(2)).toEqual(['0', '1', '2', '1', '0', '0']);
      expect(await row(3)).toEqual(['0', '0', '2', '0', '0', '0']);
      expect(await page.locator('[data-testid=partition-row][data-partition="0"] [data-field=length]').textContent()).toBe('3');
      expect(await partitionCell(page, 0, 'Alpha', 'owner').textContent()).toBe('worker-a'); // the lease holder
      expect([await numberIn(page, 'Alpha', 'pending'), await numberIn(page, 'Alpha', 'lag'), await numberIn(page, 'Gamma', 'lag')]).toEqual([4, 0, 6]);
      expect(await page.textContent('#organs-note')).toBe('(one consumer group each; totals over 4 partitions)');
      const streams = await page.locator('#streams tr').evaluateAll((rows) => rows.map((r) => [...r.children].slice(0, 2).map((c) => c.textContent)));
      expect(streams).toEqual([[`${space.stream} (4 partitions)`, '6'], [`${space.stream}:retry:Alpha (replays)`, '0'], [`${space.stream}:retry:Gamma (replays)`, '0']]);
    });

    it('of 1,024 partitions shows the busy ones, and the idle ones too when asked', async () => {
      await partitionedWork(space, [3, 2, 1, ...Array.from({ length: 1_021 }, () => 0)]);
      const page = await openPage({ partitions: 1_024 });
      await page.locator('[data-testid=partitions-summary]', { hasText: '1024 streams · 3 busy · 1021 idle (hidden)' }).waitFor({ timeout: 60_000 });
      expect(await shownPartitions(page)).toEqual(['0', '1', '2']);
      expect(await partitionCell(page, 0, 'Alpha', 'pending').textContent()).toBe('3');
      await page.check('[data-testid=partitions-idle]');
      await page.locator('[data-testid=partitions-summary]', { hasText: /^1024 streams · 3 busy · 1021 idle$/ }).waitFor();
      const all = await shownPartitions(page);
      expect({ count: all.length, first: all.slice(0, 4), last: all.at(-1) }).toEqual({ count: 1_024, first: ['0', '1', '2', '3'], last: '1023' });
    }, 120_000);
  });

  it('shows a planted dead letter, inspects it, and replays it (after confirmation) to the organ, which handles it', async () => {
    const record = await recorderWorker();
    const page = await openPage();
    const { id, eventId } = await plantDeadLetter(space, { organ: 'Recorder', reason: 'card declined <b>twice</b>' });
    const row = page.locator(`[data-testid=dead-letter-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-field=error]').textContent()).toBe('Error: card declined <b>twice</b>'); // shown as text, not HTML
    await waitFor(async () => (await numberIn(page, 'Recorder', 'dead-letters')) === 1, 10_000, 'the organ\'s dead-letter count');

    await row.locator('[data-testid=inspect]').click();
    await page.locator('[data-testid=inspect-dialog]').waitFor({ state: 'visible' });
    expect(JSON.parse(await page.locator('#inspect-body').textContent() ?? '')).toMatchObject({ id, eventId, organ: 'Recorder', attempts: 3 });
    await page.locator('[data-testid=inspect-dialog] button').click();

    await row.locator('[data-testid=replay]').click();
    expect(await page.locator('#confirm-text').textContent()).toBe(`Replay dead letter ${id} to Recorder?`);
    await page.locator('[data-testid=confirm-yes]').click();
    await page.locator('[data-testid=dl-message]', { hasText: 'Replayed 1 dead letter(s).' }).waitFor();
    await waitFor(() => lines(record).includes(eventId), 10_000, 'the worker to handle the replayed event');
    await row.waitFor({ state: 'detached' });
    await waitFor(async () => (await numberIn(page, 'Recorder', 'dead-letters')) === 0, 10_000, 'no dead letters');
  });

  it('purges every dead letter only once confirmed', async () => {
    for (const organ of ['Alpha', 'Beta']) await plantDeadLetter(space, { organ });
    const page = await openPage();
    await page.locator('[data-testid=dead-letter-row]').nth(1).waitFor();
    await page.click('[data-testid=purge-all]');
    await page.click('#confirm-no');
    expect(await streamLength(space.dlq)).toBe(2);
    await page.click('[data-testid=purge-all]');
    expect(await page.locator('#confirm-text').textContent()).toBe('Delete every dead letter for good?');
    await page.click('[data-testid=confirm-yes]');
    await page.locator('[data-testid=dl-message]', { hasText: 'Deleted 2 dead letter(s).' }).waitFor();
    await page.locator('[data-testid=dead-letters]', { hasText: 'No dead letters.' }).waitFor();
    expect(await streamLength(space.dlq)).toBe(0);
  });

  it('in read-only mode hides the actions, and the server refuses them', async () => {
    const { id } = await plantDeadLetter(space);
    const page = await openPage({ readOnly: true });
    await page.locator(`[data-testid=dead-letter-row][data-id="${id}"] [data-testid=inspect]`).waitFor();
    expect(await page.locator('.action, [data-testid=replay], [data-testid=purge]').count()).toBe(0);
    expect(await page.textContent('#actions-note')).toContain('Read-only dashboard');
    const status = await page.evaluate(async ([token, letter]) => (await fetch('/api/dead-letters/purge', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-necro-token': token as string }, body: JSON.stringify({ id: letter }),
    })).status, [TOKEN, id]);
    expect(status).toBe(403);
    expect(await streamLength(space.dlq)).toBe(1);
  });

  it('without the token, the API refuses the page (401) and the page asks for the token', async () => {
    const page = await openPage({ token: false });
    await page.locator('#token-form').waitFor({ state: 'visible' });
    expect(await page.isHidden('#main')).toBe(true);
    expect(await page.evaluate(async () => (await fetch('/api/overview')).status)).toBe(401);
    await page.fill('#token-input', 'not-the-token-0123456789');
    await page.click('#token-form button');
    await page.locator('#token-error', { hasText: 'needs its token' }).waitFor();
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button');
    await page.locator('#main').waitFor({ state: 'visible' });
  });
});

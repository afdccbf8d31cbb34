import { Event, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { closeDashboards, openDashboard, plantDeadLetter, TOKEN } from './dashboard-helpers';
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
  });

  /** Opens the page of a new dashboard on this test's stream, with the token in the address unless `token` is false. */
  async function openPage(options: { readOnly?: boolean; token?: boolean } = {}): Promise<Page> {
    const dashboard = await openDashboard(space, { readOnly: options.readOnly });
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
    } finally {
      await stopPublishing();
    }
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

#!/usr/bin/env node
'use strict';
// Regenerates the screenshots of docs/dashboard.md: runs a worker (demo-organs.js) and a publisher
// against the Redis at REDIS_URL (default 127.0.0.1:6379) on keys of its own, serves the dashboard,
// and has Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) take the pictures. Run from the
// repository root after a build: `npm run docs:screenshots`. Deletes its keys afterwards.
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { chromium } = require('playwright-core');
const { createClient } = require('redis');
const { Event, silentLogger } = require('@necrostack/core');
const { RedisBackend } = require('@necrostack/backend-redis');
const { startDashboard } = require('../dist/index.js');

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IMAGES = join(__dirname, '..', '..', '..', 'docs', 'images');
const stream = `necrostack-demo:${randomUUID().slice(0, 8)}:events`;
const token = randomUUID();

async function main() {
  const worker = spawn(process.execPath, [join(__dirname, '..', 'bin', 'necro.js'), 'worker', '--organs', join(__dirname, 'demo-organs.js'),
    '--stream', stream, '--backend', REDIS_URL, '--retry-attempts', '1', '--consumer-name', 'worker-1'], { stdio: 'ignore' });
  const publisher = new RedisBackend({ url: REDIS_URL, streamKey: stream, logger: silentLogger });
  const dashboard = await startDashboard({ backend: REDIS_URL, stream, consumerGroup: 'necrostack', port: 0, token, intervalMs: 1_000 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  let publishing = true;
  const published = (async () => {
    for (let n = 1; n <= 2_000 && publishing; n++) {
      await publisher.enqueue(new Event('ORDER_PLACED', { orderId: `A-${1000 + n}`, amount: n }));
      await sleep(n < 200 ? 40 : 90); // a burst, then a calmer rate: the chart shows both
    }
  })();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1250 }, deviceScaleFactor: 1 });
    await page.goto(`${dashboard.url}#token=${token}`);
    await page.locator('[data-testid=dead-letter-row]').first().waitFor();
    await sleep(20_000);
    await page.screenshot({ path: join(IMAGES, 'dashboard.png') });
    await page.locator('[data-testid=dead-letter-row] [data-testid=inspect]').first().click();
    await page.locator('[data-testid=inspect-dialog]').waitFor({ state: 'visible' });
    await page.screenshot({ path: join(IMAGES, 'dashboard-dead-letter.png') });
    console.log(`Wrote ${join(IMAGES, 'dashboard.png')} and dashboard-dead-letter.png`);
  } finally {
    publishing = false;
    await published;
    await browser.close();
    await dashboard.close();
    await publisher.close();
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `${stream}*`, COUNT: 1000 })) if (keys.length > 0) await redis.del(keys);
    redis.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

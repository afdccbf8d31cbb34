#!/usr/bin/env node
'use strict';
// Measures the latency of necro dashboard's API with 100 organs and 100,000 dead letters in a real
// Redis (REDIS_URL, default 127.0.0.1:6379), on keys of its own that it deletes afterwards.
// Run from the repository root after a build: `npm run bench:dashboard` (options: --organs N --letters N --requests N).
const { randomUUID } = require('node:crypto');
const { createClient } = require('redis');
const { startDashboard } = require('../dist/index.js');

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const ORGANS = arg('organs', 100);
const LETTERS = arg('letters', 100_000);
const REQUESTS = arg('requests', 500);
const URL_ = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = randomUUID();
const stream = `necrostack-bench:dashboard:${randomUUID()}`;
const organ = (n) => `Organ${String(n).padStart(3, '0')}`;
const ERRORS = ['Error', 'TypeError', 'RangeError', 'PayloadValidationError', 'HandlerTimeoutError'];

async function fill(redis) {
  for (let n = 0; n < 1_000; n++) void redis.sendCommand(['XADD', stream, '*', 'event', JSON.stringify({ n })]);
  for (let o = 0; o < ORGANS; o++) {
    await redis.sendCommand(['XGROUP', 'CREATE', stream, `necrostack:${organ(o)}`, '0']);
    await redis.sendCommand(['XREADGROUP', 'GROUP', `necrostack:${organ(o)}`, `worker-${o % 4}`, 'COUNT', String(o % 10), 'STREAMS', stream, '>']);
  }
  const base = Date.now() - LETTERS;
  for (let i = 0; i < LETTERS; i += 1_000) {
    const batch = [];
    for (let j = i; j < Math.min(LETTERS, i + 1_000); j++) {
      const event = JSON.stringify({ id: randomUUID(), timestamp: new Date(base + j).toISOString(), event_type: 'ORDER_PLACED', payload: { orderId: `A-${j}`, amount: j % 977 } });
      batch.push(redis.sendCommand(['XADD', `${stream}:dlq`, `${base + j}-0`, 'original_id', `${base + j}-0`, 'event', event,
        'reason', `failure number ${j}`, 'failed_at', new Date(base + j).toISOString(), 'organ', organ(j % ORGANS),
        'error_class', ERRORS[j % ERRORS.length], 'error_code', '', 'attempts', '3', 'group', organ(j % ORGANS), 'stream', stream]));
    }
    await Promise.all(batch);
  }
  return base;
}

async function time(url, path) {
  const started = process.hrtime.bigint();
  const response = await fetch(new URL(path, url), { headers: { 'x-necro-token': TOKEN } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function summary(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1);
  return `p50 ${at(0.5)}  p95 ${at(0.95)}  p99 ${at(0.99)}  max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

async function main() {
  const redis = createClient({ url: URL_, RESP: 2 });
  await redis.connect();
  let dashboard;
  try {
    const filled = Date.now();
    const base = await fill(redis);
    console.log(`Planted ${LETTERS} dead letters for ${ORGANS} organs in ${Date.now() - filled} ms`);
    const started = Date.now();
    dashboard = await startDashboard({ backend: URL_, stream, consumerGroup: 'necrostack', port: 0, token: TOKEN });
    const overview = async () => (await (await fetch(new URL('/api/overview', dashboard.url), { headers: { 'x-necro-token': TOKEN } })).json());
    for (let deadline = Date.now() + 120_000; !(await overview()).deadLetters.complete && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 200));
    const o = await overview();
    console.log(`Dead letters counted by organ in ${Date.now() - started} ms (in the background); one sample of ${o.organs.length} organs takes ${o.sampleMs} ms`);
    const paths = {
      'overview': () => '/api/overview',
      'dead letters, first page (50)': () => '/api/dead-letters?limit=50',
      'dead letters, a page deep in the list': () => `/api/dead-letters?limit=50&cursor=${base + Math.floor(Math.random() * LETTERS)}-0`,
      'dead letters of one organ (of 100)': () => `/api/dead-letters?limit=50&organ=${organ(Math.floor(Math.random() * ORGANS))}`,
      'dead letters of one error class': () => `/api/dead-letters?limit=50&errorClass=${ERRORS[Math.floor(Math.random() * ERRORS.length)]}`,
      'dead letters in a time range': () => `/api/dead-letters?limit=50&from=${base + 10_000}&to=${base + 60_000}`,
      'one dead letter': () => `/api/dead-letters/${base + Math.floor(Math.random() * LETTERS)}-0`,
    };
    const all = [];
    for (const [name, path] of Object.entries(paths)) {
      const ms = [];
      for (let i = 0; i < REQUESTS; i++) ms.push(await time(dashboard.url, path()));
      all.push(...ms);
      console.log(`${name.padEnd(40)} ${summary(ms)}`);
    }
    console.log(`${'all API requests'.padEnd(40)} ${summary(all)}  (${all.length} requests, sampling every 2 s meanwhile)`);
  } finally {
    await dashboard?.close();
    await redis.sendCommand(['DEL', stream, `${stream}:dlq`]);
    redis.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

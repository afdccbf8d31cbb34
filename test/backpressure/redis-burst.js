#!/usr/bin/env node
// Backpressure under a burst, on the local Redis: XADDs a backlog of events (1,000,000 by default)
// to a stream of its own (from a child process, so the worker's memory is the worker's), then runs a
// Spine with slow organs that all listen to the events' type (5 by default, each its own consumer
// group; 1 ms per event, default concurrency and batch size) for a bounded time, sampling the
// process RSS and how far the worker read ahead of what it handled, summed over the groups. The
// worker must hold no more than maxInFlight entries in all (or two batches, the one it handles and
// the one it read ahead, when that is more), whatever the backlog and however many organs: the
// script exits 1 when it read further. It deletes
// its keys at the end, whatever happens.
//
// Usage (after `npm run build`): node test/backpressure/redis-burst.js
// Environment: REDIS_URL (default redis://127.0.0.1:6379), BURST_EVENTS (1000000),
// BURST_SECONDS (20), BURST_HANDLER_MS (1), BURST_ORGANS (5).
'use strict';

const { spawnSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { createClient } = require('redis');
const { Event, ListensTo, Organ, Spine, silentLogger, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } = require('@necrostack/core');
const { RedisBackend, DEFAULT_MAX_IN_FLIGHT } = require('@necrostack/backend-redis');

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = positive('BURST_EVENTS', 1_000_000);
const SECONDS = positive('BURST_SECONDS', 20);
const HANDLER_MS = positive('BURST_HANDLER_MS', 1);
const ORGANS = positive('BURST_ORGANS', 5);
const SAMPLE_MS = 250;
const PIPELINE = 10_000;
const PRODUCE_TIMEOUT_MS = 300_000;
// What the Redis backend may hold, across all the groups: maxInFlight, or the batch the handlers
// run and the one it read ahead when that is more.
const READ_AHEAD_BOUND = Math.max(DEFAULT_MAX_IN_FLIGHT, 2 * DEFAULT_BATCH_SIZE);

function positive(name, fallback) {
  const value = process.env[name] === undefined ? fallback : Number(process.env[name]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** `count` organs on BURST, SlowOrgan1…: each takes 1 ms per event (a timer), far slower than the backlog arrives. */
function slowOrgans(count) {
  return Array.from({ length: count }, (_, i) => {
    const SlowOrgan = class {
      constructor() {
        this.handled = 0;
      }

      async handle() {
        await sleep(HANDLER_MS);
        this.handled++;
      }
    };
    ListensTo('BURST')(SlowOrgan);
    Organ({ name: `SlowOrgan${i + 1}` })(SlowOrgan);
    return new SlowOrgan();
  });
}

/** XADDs `count` events to `stream`, `PIPELINE` commands per round trip, in the Python wire format. */
async function produce(client, stream, count) {
  const started = Date.now();
  const timestamp = new Date().toISOString();
  for (let sent = 0; sent < count;) {
    if (Date.now() - started > PRODUCE_TIMEOUT_MS) throw new Error(`producing took over ${PRODUCE_TIMEOUT_MS} ms`);
    const multi = client.multi();
    const end = Math.min(count, sent + PIPELINE);
    for (; sent < end; sent++) {
      const json = `{"id":"${randomUUID()}","timestamp":"${timestamp}","event_type":"BURST","payload":{"n":${sent},"pad":"${'x'.repeat(64)}"}}`;
      multi.addCommand(['XADD', stream, '*', 'event', json]);
    }
    await multi.execAsPipeline();
  }
  return Date.now() - started;
}

/** entries-read and pending of each consumer group of the stream, by name. */
async function groupStates(client, stream) {
  const states = new Map();
  for (const flat of await client.sendCommand(['XINFO', 'GROUPS', stream])) {
    const fields = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    states.set(fields.name, { read: Number(fields['entries-read']), pending: Number(fields.pending) });
  }
  return states;
}

/** What the worker holds: entries its groups read minus those their organs handled, summed, and the pending entries. */
async function held(client, stream, backend, organs) {
  // The organs' counts are taken first: what is held is never underestimated.
  const handled = organs.map((organ) => organ.handled);
  const states = await groupStates(client, stream);
  let readAhead = 0;
  let pending = 0;
  organs.forEach((organ, i) => {
    const state = states.get(backend.keys.groupName(`SlowOrgan${i + 1}`)) ?? { read: 0, pending: 0 };
    readAhead += state.read - handled[i];
    pending += state.pending;
  });
  return { readAhead, pending };
}

async function deleteKeys(client, prefix) {
  let deleted = 0;
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) deleted += await client.unlink(keys);
  }
  return deleted;
}

async function connect() {
  const client = createClient({ url: REDIS_URL, RESP: 2 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The producer, in its own process: `redis-burst.js --produce <streamKey>`. */
async function producerMain(streamKey) {
  const client = await connect();
  try {
    const produceMs = await produce(client, streamKey, EVENTS);
    console.log(`Produced ${await client.xLen(streamKey)} entries in ${produceMs} ms (${Math.round(EVENTS / (produceMs / 1000))}/s)`);
  } finally {
    await client.close();
  }
}

async function main() {
  const streamKey = `necrostack-backpressure:${randomUUID()}`;
  const client = await connect();
  let backend;
  try {
    console.log(`Producing ${EVENTS} events on ${streamKey} (${REDIS_URL})…`);
    const producer = spawnSync(process.execPath, [__filename, '--produce', streamKey], { stdio: 'inherit', timeout: PRODUCE_TIMEOUT_MS });
    if (producer.status !== 0) throw new Error(`the producer failed (${producer.status ?? producer.signal})`);
    const baselineRss = process.memoryUsage().rss;
    console.log(`Worker RSS before start: ${mb(baselineRss)} MB`);

    backend = new RedisBackend({ url: REDIS_URL, streamKey, logger: silentLogger });
    const organs = slowOrgans(ORGANS);
    const spine = new Spine({ organs, backend, logger: silentLogger });
    const samples = { peakRss: baselineRss, peakHeap: 0, maxReadAhead: 0, maxPending: 0, count: 0 };
    const sampler = setInterval(() => {
      const { rss, heapUsed } = process.memoryUsage();
      samples.peakRss = Math.max(samples.peakRss, rss);
      samples.peakHeap = Math.max(samples.peakHeap, heapUsed);
      samples.count++;
      held(client, streamKey, backend, organs).then(({ readAhead, pending }) => {
        samples.maxReadAhead = Math.max(samples.maxReadAhead, readAhead);
        samples.maxPending = Math.max(samples.maxPending, pending);
      }, () => undefined);
    }, SAMPLE_MS);

    console.log(`Running a Spine with ${ORGANS} organ(s) on one type (concurrency ${DEFAULT_CONCURRENCY}, batchSize ${DEFAULT_BATCH_SIZE}, ${HANDLER_MS} ms per event) for ${SECONDS} s…`);
    const running = spine.runForever();
    await sleep(SECONDS * 1000);
    await spine.stop(5_000);
    await running;
    clearInterval(sampler);
    const final = await held(client, streamKey, backend, organs);

    const report = {
      events: EVENTS,
      seconds: SECONDS,
      organs: ORGANS,
      handled: organs.reduce((sum, organ) => sum + organ.handled, 0),
      handledByOrgan: organs.map((organ) => organ.handled),
      readAheadAfterStop: final.readAhead,
      pendingAfterStop: final.pending,
      maxReadAheadSampled: samples.maxReadAhead,
      maxPendingSampled: samples.maxPending,
      readAheadBound: READ_AHEAD_BOUND,
      rssBeforeStartMb: mb(baselineRss),
      peakRssMb: mb(samples.peakRss),
      peakHeapUsedMb: mb(samples.peakHeap),
      samples: samples.count,
      backendMetrics: backend.metrics,
    };
    console.log(JSON.stringify(report, null, 2));
    const bounded = samples.maxReadAhead <= READ_AHEAD_BOUND && final.readAhead <= READ_AHEAD_BOUND;
    console.log(bounded
      ? `OK: read at most ${samples.maxReadAhead} deliveries ahead of the handlers, over ${ORGANS} group(s) (bound: maxInFlight, ${READ_AHEAD_BOUND}) out of a backlog of ${EVENTS}.`
      : `FAIL: read ${Math.max(samples.maxReadAhead, final.readAhead)} deliveries ahead of the handlers, over ${ORGANS} group(s); the bound is ${READ_AHEAD_BOUND}.`);
    process.exitCode = bounded ? 0 : 1;
  } finally {
    await backend?.close().catch(() => undefined);
    const deleted = await deleteKeys(client, streamKey);
    console.log(`Deleted ${deleted} key(s) under ${streamKey}.`);
    await client.close();
  }
}

(process.argv[2] === '--produce' ? producerMain(process.argv[3]) : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

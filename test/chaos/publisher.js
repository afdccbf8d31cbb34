'use strict';
// Publishes the numbered CHAOS_EVENT events 0 … total−1 in the wire format (Event.encode), in
// pipelined batches spread evenly over `spreadMs`, so the faults fall while there is work.
const { Event } = require('@necrostack/core');
const { sleep } = require('./wait');

const BATCH_SIZE = 250;

/**
 * @param {{
 *   client: import('./admin-client').AdminClient, stream: string, total: number, poison: ReadonlySet<number>,
 *   spreadMs: number, mutex: import('./mutex').Mutex, isCancelled: () => boolean,
 * }} options
 * @returns {Promise<number>} how many events were published
 */
async function publishEvents({ client, stream, total, poison, spreadMs, mutex, isCancelled }) {
  const batches = Math.ceil(total / BATCH_SIZE);
  const started = Date.now();
  let published = 0;
  for (let b = 0; b < batches && !isCancelled(); b++) {
    const wait = started + (spreadMs * b) / batches - Date.now();
    if (wait > 0) await sleep(wait);
    const first = b * BATCH_SIZE;
    const count = Math.min(BATCH_SIZE, total - first);
    await mutex.run(async () => {
      const pipeline = client.multi();
      for (let n = first; n < first + count; n++) {
        const event = new Event('CHAOS_EVENT', poison.has(n) ? { n, poison: true } : { n });
        pipeline.xAdd(stream, '*', { event: Event.encode(event) });
      }
      await pipeline.execAsPipeline();
    });
    published += count;
  }
  return published;
}

module.exports = { publishEvents };

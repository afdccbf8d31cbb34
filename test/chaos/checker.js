'use strict';
// Counts what the organs recorded and what the dead-letter stream holds, and says what was lost.
const { withTimeout } = require('./wait');

const PAGE = 1_000;
const MAX_DEAD_LETTER_PAGES = 1_000;

/**
 * @typedef {object} Check
 * @property {{ published: number, poison: number, handled: number, duplicates: number }} events
 *   handled: distinct non-poison events handled; duplicates: handlings beyond the first
 * @property {{ expected: number, handled: number, duplicates: number }} followUps
 * @property {{ events: number[], followUps: number[], poison: number[] }} lost
 *   event numbers neither handled nor dead-lettered (poison: planted, not dead-lettered)
 * @property {{ entries: number, poison: number, repeated: number, unexpected: DeadLetterSummary[] }} deadLetters
 *   poison: planted poison events found there; repeated: extra entries of one poison event
 * @property {number[]} poisonHandled  poison events some handler completed (must be none)
 * @property {Record<string, number>} handledByWorker
 */

/** @typedef {{ eventType: string, n: number | null, organ: string, errorClass: string, reason: string }} DeadLetterSummary */

/**
 * @param {{ admin: import('./admin-client').AdminClient, records: import('./admin-client').AdminClient, recordPrefix: string,
 *           dlq: string, total: number, poison: ReadonlySet<number> }} options
 *   admin: the backend's Redis (dead letters); records: the Redis the organs record their handlings in;
 *   total: the events numbered 0 … total−1; poison: those planted to fail (throw, or crash the worker)
 * @returns {Promise<Check>}
 */
async function check({ admin, records, recordPrefix, dlq, total, poison }) {
  /** @type {Record<string, number>} */
  const handledByWorker = {};
  const events = await handlings(records, `${recordPrefix}:handled:CHAOS_EVENT`, total, handledByWorker);
  const follows = await handlings(records, `${recordPrefix}:handled:CHAOS_FOLLOW`, total, handledByWorker);
  const letters = await deadLetters(admin, dlq);
  const lettered = { CHAOS_EVENT: new Set(), CHAOS_FOLLOW: new Set() };
  const unexpected = [];
  let poisonEntries = 0;
  for (const letter of letters) {
    if (letter.eventType === 'CHAOS_EVENT' && letter.n !== null && poison.has(letter.n)) poisonEntries++;
    else unexpected.push(letter);
    if (letter.n !== null && letter.eventType in lettered) lettered[letter.eventType].add(letter.n);
  }
  /** @type {Check['lost']} */
  const lost = { events: [], followUps: [], poison: [] };
  /** @type {number[]} */
  const poisonHandled = [];
  let eventsHandled = 0;
  let followsHandled = 0;
  for (let n = 0; n < total; n++) {
    if (poison.has(n)) {
      if (!lettered.CHAOS_EVENT.has(n)) lost.poison.push(n);
      if (events[n] > 0 || follows[n] > 0) poisonHandled.push(n);
      continue;
    }
    if (events[n] > 0) eventsHandled++;
    else if (!lettered.CHAOS_EVENT.has(n)) lost.events.push(n);
    if (follows[n] > 0) followsHandled++;
    // A follow-up exists only once its event was handled and not dead-lettered afterwards.
    else if (events[n] > 0 && !lettered.CHAOS_EVENT.has(n) && !lettered.CHAOS_FOLLOW.has(n)) lost.followUps.push(n);
  }
  return {
    events: { published: total, poison: poison.size, handled: eventsHandled, duplicates: duplicates(events) },
    followUps: { expected: total - poison.size, handled: followsHandled, duplicates: duplicates(follows) },
    lost,
    deadLetters: { entries: letters.length, poison: poison.size - lost.poison.length, repeated: poisonEntries - (poison.size - lost.poison.length), unexpected },
    poisonHandled,
    handledByWorker,
  };
}

/** Handlings per event number, from the `<n>:<token>` → worker hash the organs write. */
async function handlings(admin, key, total, byWorker) {
  const counts = new Uint32Array(total);
  const all = /** @type {Record<string, string>} */ (await withTimeout(admin.hGetAll(key), 60_000, `HGETALL ${key}`));
  for (const [field, worker] of Object.entries(all)) {
    const n = Number(field.slice(0, field.indexOf(':')));
    if (Number.isInteger(n) && n >= 0 && n < total) counts[n]++;
    byWorker[worker] = (byWorker[worker] ?? 0) + 1;
  }
  return counts;
}

function duplicates(counts) {
  let extra = 0;
  for (const c of counts) if (c > 1) extra += c - 1;
  return extra;
}

/** Every entry of the dead-letter stream, read page by page. @returns {Promise<DeadLetterSummary[]>} */
async function deadLetters(admin, dlq) {
  const out = [];
  let start = '-';
  for (let page = 0; page < MAX_DEAD_LETTER_PAGES; page++) {
    const entries = /** @type {[string, string[]][]} */ (await withTimeout(admin.sendCommand(['XRANGE', dlq, start, '+', 'COUNT', String(PAGE)]), 10_000, 'XRANGE dlq'));
    for (const [, fields] of entries) out.push(summarize(fields));
    if (entries.length < PAGE) return out;
    start = `(${entries[entries.length - 1][0]}`;
  }
  throw new Error(`more than ${MAX_DEAD_LETTER_PAGES * PAGE} dead letters`);
}

function summarize(fields) {
  const get = (name) => {
    const i = fields.findIndex((v, k) => k % 2 === 0 && v === name);
    return i < 0 ? '' : String(fields[i + 1]);
  };
  let eventType = '?';
  let n = null;
  try {
    const event = JSON.parse(get('event'));
    eventType = String(event.event_type);
    n = Number.isInteger(event.payload?.n) ? event.payload.n : null;
  } catch {
    // an entry that is not an event's JSON: reported as unexpected
  }
  return { eventType, n, organ: get('organ'), errorClass: get('error_class'), reason: get('reason') };
}

module.exports = { check };

'use strict';
// Counts what the organs recorded and what the backend dead-lettered, and says what was lost.
const { withTimeout } = require('./wait');

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
 * @param {{ target: import('./targets/target').ChaosTarget, records: import('./admin-client').AdminClient, recordPrefix: string,
 *           total: number, poison: ReadonlySet<number> }} options
 *   target: the backend (its dead letters); records: the Redis the organs record their handlings in;
 *   total: the events numbered 0 … total−1; poison: those planted to fail (throw, or crash the worker)
 * @returns {Promise<Check>}
 */
async function check({ target, records, recordPrefix, total, poison }) {
  /** @type {Record<string, number>} */
  const handledByWorker = {};
  const events = await handlings(records, `${recordPrefix}:handled:CHAOS_EVENT`, total, handledByWorker);
  const follows = await handlings(records, `${recordPrefix}:handled:CHAOS_FOLLOW`, total, handledByWorker);
  const letters = await target.deadLetters();
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

/**
 * What the checker needs of one dead letter: the event's type and number, from its JSON (the wire
 * format, as both backends store it), and why it failed.
 * @param {string} eventJson @param {{ organ: string, errorClass: string, reason: string }} why
 * @returns {DeadLetterSummary}
 */
function summarizeLetter(eventJson, why) {
  let eventType = '?';
  let n = null;
  try {
    const event = JSON.parse(eventJson);
    eventType = String(event.event_type);
    n = Number.isInteger(event.payload?.n) ? event.payload.n : null;
  } catch {
    // an entry that is not an event's JSON: reported as unexpected
  }
  return { eventType, n, ...why };
}

module.exports = { check, summarizeLetter };

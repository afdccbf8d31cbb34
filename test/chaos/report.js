'use strict';
// The verdict of a chaos run, and the table (or JSON) it prints.

/**
 * @typedef {object} ChaosReport
 * @property {import('./options').ChaosOptions} options
 * @property {string} seed
 * @property {number} durationMs
 * @property {import('./fault-injector').InjectedFault[]} faults
 * @property {{ drained: boolean, ms: number, groups: { name: string, pending: number, unread: boolean }[] }} drain
 * @property {import('./checker').Check} check
 * @property {Record<string, number | string | null>} workerExits  exit code (or signal) of each worker at the end
 * @property {{ worker: string, code: number | null, signal: string | null, output: string }[]} crashes
 * @property {number} crashPoison  crash-poison events planted (counted in the poison events too)
 * @property {number} poisonExits  worker exits caused by the planted crash-poison events (expected)
 */

/** What went wrong, if anything (an empty list is a pass). @param {ChaosReport} report @returns {string[]} */
function problems(report) {
  const { check: c, drain } = report;
  const out = [];
  const lost = lostCount(report);
  if (lost > 0) out.push(`${lost} lost: events ${sample(c.lost.events)}, follow-ups ${sample(c.lost.followUps)}, poison ${sample(c.lost.poison)}`);
  if (c.deadLetters.unexpected.length > 0) {
    out.push(`${c.deadLetters.unexpected.length} unexpected dead letter(s): ` +
      c.deadLetters.unexpected.slice(0, 5).map((l) => `${l.eventType} ${l.n} in ${l.organ} (${l.errorClass}: ${l.reason})`).join('; '));
  }
  if (c.deadLetters.repeated > 0) out.push(`${c.deadLetters.repeated} poison event(s) dead-lettered more than once`);
  if (c.poisonHandled.length > 0) out.push(`poison events handled: ${sample(c.poisonHandled)}`);
  if (!drain.drained) out.push(`streams not drained after ${drain.ms} ms: ${JSON.stringify(drain.groups)}`);
  for (const crash of report.crashes) out.push(`worker ${crash.worker} exited on its own (code ${crash.code}, signal ${crash.signal}): ${crash.output.slice(-500)}`);
  return out;
}

/** @param {ChaosReport} report */
function lostCount(report) {
  const { lost } = report.check;
  return lost.events.length + lost.followUps.length + lost.poison.length;
}

/** @param {ChaosReport} report */
function faultsByKind(report) {
  const counts = Object.fromEntries(report.options.kinds.map((k) => [k, 0]));
  for (const f of report.faults) counts[f.kind]++;
  return counts;
}

/** The JSON form: the figures first, the details after. @param {ChaosReport} report */
function toJson(report) {
  const c = report.check;
  return {
    pass: problems(report).length === 0,
    problems: problems(report),
    seed: report.seed,
    durationMs: report.durationMs,
    events: c.events.published,
    poison: c.events.poison,
    crashPoison: report.crashPoison,
    eventsHandled: c.events.handled,
    followUps: c.followUps.handled,
    followUpsExpected: c.followUps.expected,
    faults: report.faults.length,
    faultsByKind: faultsByKind(report),
    lost: lostCount(report),
    duplicates: c.events.duplicates + c.followUps.duplicates,
    deadLetters: c.deadLetters.entries,
    deadLettersPoison: c.deadLetters.poison,
    deadLettersUnexpected: c.deadLetters.unexpected.length,
    drainMs: report.drain.ms,
    handledByWorker: c.handledByWorker,
    workerExits: report.workerExits,
    crashPoisonExits: report.poisonExits,
    options: report.options,
    faultLog: report.faults,
    details: { lost: c.lost, unexpectedDeadLetters: c.deadLetters.unexpected, poisonHandled: c.poisonHandled, drain: report.drain },
  };
}

/** The human form: a two-column table and the verdict. @param {ChaosReport} report @returns {string} */
function toTable(report) {
  const j = toJson(report);
  const o = report.options;
  const kinds = Object.entries(j.faultsByKind).map(([k, v]) => `${k} ${v}`).join(', ');
  const rows = [
    ['events', `${j.events} (${j.poison} poison${j.crashPoison > 0 ? `, ${j.crashPoison} of them crash-poison` : ''}), ${j.eventsHandled} handled, ${report.check.events.duplicates} duplicate handlings`],
    ['follow-ups', `${j.followUps} of ${j.followUpsExpected} handled, ${report.check.followUps.duplicates} duplicate handlings`],
    ['faults', `${j.faults}: ${kinds}`],
    ['lost', String(j.lost)],
    ['duplicates', String(j.duplicates)],
    ['dead letters', `${j.deadLetters} (${j.deadLettersPoison} of ${j.poison} poison, ${j.deadLettersUnexpected} unexpected)`],
    ['drained', `${report.drain.drained ? 'yes' : 'NO'}, ${(j.drainMs / 1000).toFixed(1)} s after the last fault`],
    ['handled by', Object.entries(j.handledByWorker).sort().map(([w, n]) => `${w} ${n}`).join(', ')],
    ['worker exits', Object.entries(j.workerExits).sort().map(([w, c]) => `${w} ${c}`).join(', ') +
      (j.crashPoison > 0 ? `; ${j.crashPoisonExits} exit(1) on ${j.crashPoison} crash-poison event(s), restarted` : '')],
    ['run', `${(j.durationMs / 1000).toFixed(1)} s on ${o.backend}, ${o.workers} workers, concurrency ${o.concurrency}, work ${o.workMs} ms, claimMinIdleMs ${o.claimMinIdleMs}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const line = '-'.repeat(width + 2) + '+' + '-'.repeat(Math.max(...rows.map(([, v]) => v.length)) + 2);
  const table = [line, ...rows.map(([k, v]) => ` ${k.padEnd(width)} | ${v}`), line];
  const verdict = j.pass ? 'PASS' : `FAIL\n${j.problems.map((p) => `  - ${p}`).join('\n')}`;
  return [`NecroStack chaos run, seed ${j.seed}`, ...table, verdict].join('\n');
}

function sample(numbers) {
  return numbers.length <= 10 ? `[${numbers.join(', ')}]` : `[${numbers.slice(0, 10).join(', ')}, … ${numbers.length - 10} more]`;
}

module.exports = { problems, toJson, toTable };

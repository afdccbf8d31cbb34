import type { SeanceSummary } from './summary';

/** The readable report: the original's opening line and closing block, then the effect and the counts. */
export function formatSummary(summary: SeanceSummary): string {
  return [
    '🕯️  Beginning the Séance... 🕯️',
    summary.output,
    `Effect: ${summary.effect} (seed ${summary.seed})`,
    `Events: ${summary.events.processed} processed by organs, ${summary.events.emitted} emitted by them, ` +
      `${summary.events.deadLettered} dead-lettered`,
    '',
  ].join('\n');
}

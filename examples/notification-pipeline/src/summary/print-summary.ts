import { CHANNELS } from '../events';
import type { PipelineSummary } from './summary';

/** The readable report of a run, as the demo prints it. */
export function formatSummary(summary: PipelineSummary): string {
  return [
    `NecroStack notification pipeline: ${summary.records} records from ${summary.file}`,
    '',
    ...events(summary),
    '',
    ...deliveries(summary),
    '',
    ...failures(summary),
    '',
    ...deadLetters(summary),
    '',
    'Throughput',
    `  ${summary.processed} events in ${summary.durationMs} ms: ${summary.eventsPerSecond} events/s`,
    '',
  ].join('\n');
}

function events(summary: PipelineSummary): string[] {
  const width = Math.max(...Object.keys(summary.countsByType).map((type) => type.length));
  return [
    `Events: ${summary.processed} processed by organs, ${summary.emitted} emitted by them, ${summary.retries} handler retries`,
    ...Object.entries(summary.countsByType).map(([type, count]) => `  ${type.padEnd(width)}  ${String(count).padStart(4)}`),
  ];
}

function deliveries(summary: PipelineSummary): string[] {
  const row = (label: string, sent: string, failed: string, dead: string): string =>
    `  ${label.padEnd(7)}${sent.padStart(6)}${failed.padStart(8)}${dead.padStart(15)}`;
  return [
    'Deliveries per channel',
    row('', 'sent', 'failed', 'dead-lettered'),
    ...CHANNELS.map((channel) => {
      const { sent, failed, deadLettered } = summary.deliveries[channel];
      return row(channel, String(sent), String(failed), String(deadLettered));
    }),
  ];
}

function failures(summary: PipelineSummary): string[] {
  if (summary.failures.length === 0) return ['Failed deliveries: none'];
  return [
    `Failed deliveries (${summary.failures.length}): NOTIFICATION_FAILED, recorded by Audit`,
    ...summary.failures.map((f) => `  ${recordLabel(f.record)}  ${f.channel.padEnd(5)}  ${f.userId.padEnd(8)}  ${f.reason}`),
  ];
}

function deadLetters(summary: PipelineSummary): string[] {
  if (summary.deadLetters.length === 0) return ['Dead letters: none'];
  return [
    `Dead letters (${summary.deadLetters.length}): kept with their reason, replayable`,
    ...summary.deadLetters.flatMap((letter) => [
      `  ${recordLabel(letter.record)}  ${letter.eventType} rejected by ${letter.organ} after ${plural(letter.attempts, 'attempt')}`,
      `       ${letter.error}: ${letter.reason}`,
    ]),
  ];
}

function recordLabel(record: number | null): string {
  return (record === null ? '#?' : `#${record}`).padEnd(3);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

import type { FailedEvent, SpineStats } from '@necrostack/core';
import { CHANNELS, FLOW_ORDER, channelOfRequestType, type Channel } from '../events';
import type { AuditEntry } from '../services/audit-log.service';

/** What became of one channel's deliveries. Every requested channel ends in exactly one of these. */
export interface ChannelDeliveries {
  sent: number;
  failed: number;
  deadLettered: number;
}

/** A notification that could not be delivered on a channel (NOTIFICATION_FAILED). */
export interface FailureSummary {
  /** 1-based position of the record in the input file. */
  readonly record: number | null;
  readonly channel: Channel;
  readonly userId: string;
  readonly reason: string;
}

/** An event in the dead-letter store. */
export interface DeadLetterSummary {
  readonly record: number | null;
  readonly eventType: string;
  /** The organ whose handler (or DTO) rejected it. */
  readonly organ: string;
  /** The error's class name, e.g. PayloadValidationError. */
  readonly error: string;
  readonly reason: string;
  readonly attempts: number;
}

/** The result of a run: what `--json` prints, and what the readable report is made from. */
export interface PipelineSummary {
  readonly file: string;
  readonly records: number;
  /** Deliveries settled: one per event per organ that listens to it. */
  readonly processed: number;
  /** Events the organs emitted (the input records not included). */
  readonly emitted: number;
  /** Handler tries repeated after a failure. */
  readonly retries: number;
  /** Events stored, by type (input records and emitted events), in flow order. */
  readonly countsByType: Record<string, number>;
  readonly deliveries: Record<Channel, ChannelDeliveries>;
  readonly failures: FailureSummary[];
  readonly deadLetters: DeadLetterSummary[];
  readonly durationMs: number;
  /** Deliveries processed per second of the run. */
  readonly eventsPerSecond: number;
}

/** What a run leaves behind, for {@link buildSummary}. */
export interface RunResult {
  readonly file: string;
  /** Ids of the NOTIFICATION_REQUESTED events, in input order (every chain's correlation id). */
  readonly requestIds: readonly string[];
  readonly stats: SpineStats;
  readonly countsByType: ReadonlyMap<string, number>;
  readonly audit: readonly AuditEntry[];
  readonly deadLetters: readonly FailedEvent[];
  readonly durationMs: number;
}

export function buildSummary(run: RunResult): PipelineSummary {
  const recordOf = recordLookup(run.requestIds);
  const deadLetters = run.deadLetters.map((letter): DeadLetterSummary => ({
    record: letter.event ? recordOf(letter.event.correlationId ?? letter.event.id) : null,
    eventType: letter.event?.eventType ?? '(undecodable entry)',
    organ: letter.organ ?? '(none)',
    error: letter.error.name,
    reason: letter.error.message,
    attempts: letter.attempts,
  }));
  const failures = run.audit
    .filter((entry) => entry.status === 'failed')
    .map((entry): FailureSummary => ({ record: recordOf(entry.correlationId), channel: entry.channel, userId: entry.userId, reason: entry.detail }));
  const seconds = run.durationMs / 1000;
  return {
    file: run.file,
    records: run.requestIds.length,
    processed: run.stats.eventsProcessed,
    emitted: run.stats.eventsEmitted,
    retries: run.stats.handlerRetries,
    countsByType: orderedCounts(run.countsByType),
    deliveries: tallyDeliveries(run.audit, deadLetters),
    failures: [...failures].sort(byRecordThenChannel),
    deadLetters: byRecord(deadLetters),
    durationMs: Math.round(run.durationMs * 10) / 10,
    eventsPerSecond: seconds > 0 ? Math.round(run.stats.eventsProcessed / seconds) : 0,
  };
}

/** In input order (stable, so entries of one record keep the order they happened in). */
function byRecord<T extends { readonly record: number | null }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.record ?? Infinity) - (b.record ?? Infinity));
}

/**
 * In input order, then channel order: a record's channels are delivered by different organs, in an
 * order that depends on the backend, so the audit's order is not the same on every backend.
 */
function byRecordThenChannel(a: FailureSummary, b: FailureSummary): number {
  return (a.record ?? Infinity) - (b.record ?? Infinity) || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel);
}

function recordLookup(requestIds: readonly string[]): (id: string) => number | null {
  const positions = new Map(requestIds.map((id, i) => [id, i + 1]));
  return (id) => positions.get(id) ?? null;
}

/** Every type of the flow (zero when absent), then any other type, alphabetically. */
function orderedCounts(counts: ReadonlyMap<string, number>): Record<string, number> {
  const others = [...counts.keys()].filter((type) => !FLOW_ORDER.includes(type)).sort();
  return Object.fromEntries([...FLOW_ORDER, ...others].map((type) => [type, counts.get(type) ?? 0]));
}

function tallyDeliveries(audit: readonly AuditEntry[], deadLetters: readonly DeadLetterSummary[]): Record<Channel, ChannelDeliveries> {
  const tally = Object.fromEntries(CHANNELS.map((c) => [c, { sent: 0, failed: 0, deadLettered: 0 }])) as Record<Channel, ChannelDeliveries>;
  for (const entry of audit) tally[entry.channel][entry.status]++;
  for (const letter of deadLetters) {
    const channel = channelOfRequestType(letter.eventType);
    if (channel) tally[channel].deadLettered++;
  }
  return tally;
}

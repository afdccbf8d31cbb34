import { humanDuration, table } from '../output/table';
import type { StatusReport } from './inspect-redis';
import { leaseLookup, type GroupOwnership, type LeaseStatus } from './read-ownership';
import type { PostgresStatusReport } from './inspect-postgres';

/**
 * The readable form of a {@link StatusReport}: the partition count (when more than one), one table
 * of groups per stream (pending, lag, consumers and — with partitions, or any lease taken — the
 * lease holder and its time to live), one of consumers (pending, idle), one of the groups'
 * members with the age of their last heartbeat, and the dead-letter count.
 *
 * @example
 * ```ts
 * process.stdout.write(formatStatus(await inspectRedis(url, keys, 5_000)));
 * ```
 */
export function formatStatus(report: StatusReport): string {
  const groupRows: string[][] = [];
  const consumerRows: string[][] = [];
  const leases = showsOwnership(report) ? leaseLookup(report.ownership) : undefined;
  for (const stream of report.streams) {
    if (stream.groups.length === 0) groupRows.push([stream.key, String(stream.length), '(no group)', '', '', '', '', ...(leases ? ['', ''] : [])]);
    for (const group of stream.groups) {
      groupRows.push([stream.key, String(stream.length), String(group.name), text(group.pending), text(group.lag),
        text(group.consumers), text(group['last-delivered-id']), ...(leases ? leaseCells(leases(String(group.name), stream.key)) : [])]);
      for (const c of group['consumer-details']) {
        consumerRows.push([String(group.name), String(c.name), text(c.pending), humanDuration(Number(c.idle ?? 0)),
          c.inactive === undefined || c.inactive === null || Number(c.inactive) < 0 ? '-' : humanDuration(Number(c.inactive))]);
      }
    }
  }
  const parts = [
    ...(report.partitions > 1 ? [`Partitions: ${report.partitions} (one stream each; lengths and groups per partition)\n`] : []),
    table(['STREAM', 'LENGTH', 'GROUP', 'PENDING', 'LAG', 'CONSUMERS', 'LAST DELIVERED', ...(leases ? ['OWNER', 'LEASE TTL'] : [])], groupRows),
    consumerRows.length > 0 ? table(['GROUP', 'CONSUMER', 'PENDING', 'IDLE', 'INACTIVE'], consumerRows) : 'No consumers.\n',
    ...(leases ? [memberTable(report.ownership)] : []),
    `Dead letters: ${report.deadLetters.length} (${report.deadLetters.stream})\n`,
  ];
  return parts.join('\n');
}

/**
 * The readable form of a {@link PostgresStatusReport}: the schema, one table of groups (ready, in
 * flight, consumers, the age of the oldest ready event), one of consumers holding leases, and the
 * dead-letter count.
 *
 * @example
 * ```ts
 * process.stdout.write(formatPostgresStatus(await inspectPostgres(backend)));
 * ```
 */
export function formatPostgresStatus(report: PostgresStatusReport): string {
  const groupRows = report.groups.map((g) => [g.name, g.forwarder ? 'forwarder (every type)' : g.eventTypes.join(','), String(g.ready),
    String(g.inFlight), String(g.consumers), g.ready > 0 ? humanDuration(g.oldestReadyAgeMs) : '-']);
  const consumerRows = report.consumers.map((c) => [c.group, c.consumer, String(c.inFlight), humanDuration(c.leaseEndsInMs)]);
  return [
    `Schema ${report.schema} (version ${report.schemaVersion}), about ${report.eventsEstimate} event(s) retained\n`,
    groupRows.length > 0 ? table(['GROUP', 'TYPES', 'READY', 'IN FLIGHT', 'CONSUMERS', 'OLDEST READY'], groupRows) : 'No groups.\n',
    consumerRows.length > 0 ? table(['GROUP', 'CONSUMER', 'IN FLIGHT', 'LEASE ENDS IN'], consumerRows) : 'No consumers.\n',
    `Dead letters: ${report.deadLetters.count} (${report.deadLetters.table})\n`,
  ].join('\n');
}

/** Partitions make ownership worth a look even when no lease is held (no worker runs); with one stream, only once a worker took a lease. */
function showsOwnership(report: StatusReport): boolean {
  return report.partitions > 1 || report.ownership.some((g) => g.members.length > 0 || g.leases.some((l) => l.owner !== null));
}

/** OWNER and LEASE TTL: `-` when the lease is free, blank on a stream that is not owned (a retry stream). */
function leaseCells(lease: LeaseStatus | undefined): string[] {
  if (!lease) return ['', ''];
  return [text(lease.owner), lease.ttlMs === null ? '-' : humanDuration(lease.ttlMs)];
}

function memberTable(ownership: readonly GroupOwnership[]): string {
  const rows = ownership.flatMap((g) => g.members.map((m) => [g.group, m.name, humanDuration(m.heartbeatAgeMs)]));
  return rows.length > 0 ? table(['GROUP', 'MEMBER', 'LAST HEARTBEAT'], rows) : 'No members (no worker holds a partition lease).\n';
}

function text(value: unknown): string {
  return value === null || value === undefined ? '-' : String(value);
}

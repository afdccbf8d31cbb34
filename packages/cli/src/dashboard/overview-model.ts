/**
 * One consumer of a group, as the dashboard shows it. Part of {@link Overview}.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const organ of overview.organs) console.log(organ.organ, organ.lag, organ.pending, organ.deadLetters.count);
 * ```
 */
export interface ConsumerView {
  readonly name: string;
  /** Deliveries it holds, not yet acknowledged. */
  readonly pending: number;
  /** Since it last read or claimed (ms). */
  readonly idleMs: number;
}

/**
 * One organ (consumer group) over the streams it reads. Part of {@link Overview}.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const organ of overview.organs) console.log(organ.organ, organ.lag, organ.pending, organ.deadLetters.count);
 * ```
 */
export interface OrganView {
  readonly organ: string;
  readonly group: string;
  /** Entries of the event stream(s) not yet delivered to it; null when Redis cannot tell. */
  readonly lag: number | null;
  /** Delivered and not yet acknowledged. */
  readonly pending: number;
  /** Age of the oldest pending entry (since it was written), ms; null when none is pending. */
  readonly oldestPendingMs: number | null;
  /** Entries delivered to it so far (Redis's `entries-read`, replays included). */
  readonly delivered: number;
  readonly deliveredPerSec: number;
  readonly failedPerSec: number;
  readonly consumers: readonly ConsumerView[];
  readonly deadLetters: { readonly count: number; readonly newestAt: string | null };
}

/**
 * One worker process (a consumer name), over every group it consumes in. Part of {@link Overview}.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const organ of overview.organs) console.log(organ.organ, organ.lag, organ.pending, organ.deadLetters.count);
 * ```
 */
export interface WorkerView {
  readonly name: string;
  readonly organs: number;
  readonly pending: number;
  /** Since it last read from any group (ms). */
  readonly idleMs: number;
  /**
   * `active`: it read within the stale limit; `idle`: not since, and nothing waits for it;
   * `stalled`: not since, while it holds pending deliveries or its organs have lag (its pending
   * deliveries will be taken over by another worker after `claimMinIdleMs`).
   */
  readonly status: 'active' | 'idle' | 'stalled';
}

/**
 * One stream and what retention left of it. Part of {@link Overview}.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const organ of overview.organs) console.log(organ.organ, organ.lag, organ.pending, organ.deadLetters.count);
 * ```
 */
export interface StreamView {
  readonly key: string;
  readonly kind: 'events' | 'retry';
  readonly length: number;
  /** Entries ever added. */
  readonly entriesAdded: number;
  /** Entries no longer in the stream (trimmed by retention, or deleted). */
  readonly removed: number;
  /** Age of the oldest entry retained (ms); null when empty. */
  readonly oldestEntryAgeMs: number | null;
}

/**
 * One organ on one partition stream. Part of {@link PartitionView}.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const p of overview.partitions ?? []) console.log(p.index, p.length, p.organs.map((o) => `${o.organ}: lag ${o.lag}, ${o.pending} pending`));
 * ```
 */
export interface PartitionOrganView {
  readonly organ: string;
  /** Entries of this partition not yet delivered to the organ; null when Redis cannot tell. */
  readonly lag: number | null;
  /** Delivered from this partition and not yet acknowledged. */
  readonly pending: number;
  /** Consumers of the organ's group on this partition (a worker reads every partition, so it counts on each). */
  readonly consumers: number;
  /**
   * The consumer holding the organ's lease of this partition (per-key order: the one worker reading
   * it); null when free — with lag or pending there, no live worker reads it (or `ordering: 'none'`).
   */
  readonly owner: string | null;
}

/**
 * One partition stream. Part of {@link Overview}, present with more than one partition.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const p of overview.partitions ?? []) console.log(p.index, p.length, p.organs.map((o) => `${o.organ}: lag ${o.lag}, ${o.pending} pending`));
 * ```
 */
export interface PartitionView {
  /** Its place in the partitions, from 0. */
  readonly index: number;
  readonly key: string;
  readonly length: number;
  /** One per organ whose group exists on this partition, in the order of {@link Overview.organs}. */
  readonly organs: readonly PartitionOrganView[];
}

/**
 * One point of the throughput chart. Part of {@link Overview}.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const organ of overview.organs) console.log(organ.organ, organ.lag, organ.pending, organ.deadLetters.count);
 * ```
 */
export interface RatePoint {
  /** When sampled (ms). */
  readonly t: number;
  readonly delivered: number;
  readonly failed: number;
}

/**
 * What `GET /api/overview` answers: the last sample.
 * @example
 * ```ts
 * const overview = await (await fetch(`${dashboard.url}api/overview`, { headers: { authorization: `Bearer ${token}` } })).json() as Overview;
 * for (const organ of overview.organs) console.log(organ.organ, organ.lag, organ.pending, organ.deadLetters.count);
 * ```
 */
export interface Overview {
  readonly sampledAt: string;
  readonly intervalMs: number;
  /** How long the sample's Redis queries took. */
  readonly sampleMs: number;
  /** Why the last sample failed, if it did (the data is then the one before). */
  readonly error: string | null;
  readonly streams: readonly StreamView[];
  readonly organs: readonly OrganView[];
  readonly workers: readonly WorkerView[];
  readonly deadLetters: {
    readonly total: number;
    /** Whether the counts by organ and error class cover the whole stream yet. */
    readonly complete: boolean;
    readonly byOrgan: Readonly<Record<string, number>>;
    readonly byErrorClass: Readonly<Record<string, number>>;
  };
  readonly rates: readonly RatePoint[];
  /**
   * With more than one partition only (absent with one): each partition stream, in partition order.
   * The organs' figures above are the sums over the partitions (and the organ's replay stream).
   */
  readonly partitions?: readonly PartitionView[];
}

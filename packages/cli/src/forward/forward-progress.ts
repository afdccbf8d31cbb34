import type { ForwarderStats } from '@necrostack/backend-postgres';

/** Default `--interval` of `necro forward`: a progress line every 5 s. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5_000;

/** One progress line of `necro forward` (the object `--json` prints). */
export interface ForwardProgress extends ForwarderStats {
  /** Events forwarded per second since the previous line. */
  readonly ratePerSecond: number;
  readonly elapsedMs: number;
}

/**
 * Turns successive forwarder stats into progress lines with the rate since the previous one.
 * @example
 * ```ts
 * const meter = new ProgressMeter();
 * setInterval(() => console.log(formatProgress(meter.sample(forwarder.stats))), 5_000);
 * ```
 */
export class ProgressMeter {
  readonly #startedAt: number;
  #lastAt: number;
  #lastForwarded = 0;

  constructor(now = Date.now()) {
    this.#startedAt = now;
    this.#lastAt = now;
  }

  sample(stats: ForwarderStats, now = Date.now()): ForwardProgress {
    const seconds = (now - this.#lastAt) / 1_000;
    const ratePerSecond = seconds > 0 ? Math.round((stats.forwarded - this.#lastForwarded) / seconds) : 0;
    this.#lastAt = now;
    this.#lastForwarded = stats.forwarded;
    return { ...stats, ratePerSecond, elapsedMs: now - this.#startedAt };
  }
}

/**
 * The human form of a progress line.
 * @example
 * ```ts
 * formatProgress(progress); // 'active: 12000 forwarded (2400/s), 0 redelivered, 0 failed publishes, 0 dead-lettered'
 * ```
 */
export function formatProgress(p: ForwardProgress): string {
  return `${p.state}: ${p.forwarded} forwarded (${p.ratePerSecond}/s), ${p.redelivered} redelivered, `
    + `${p.publishFailures} failed publishes, ${p.deadLettered} dead-lettered`;
}

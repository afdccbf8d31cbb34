import type { Logger } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';
import type { RedisKeys } from '../redis-keys';
import { PROMOTE_SCRIPT } from '../scripts/promote.script';
import { ScriptRunner } from '../scripts/lua-script';
import { sanitize } from '../translate-error';

// Calls follow one another at least this far apart while events fall due every millisecond: it
// bounds the calls per worker (≤ 200/s) at the cost of up to this much lateness.
const MIN_GAP_MS = 5;

/** How the promoter works: see the `delayed` option. */
export interface PromoterOptions {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly maxLen: number | undefined;
}

/**
 * Moves due delayed events from the delayed set into their streams, with the promote script (atomic:
 * exactly once into the stream, however many workers call it). Every consumer runs one: it calls the
 * script when the earliest due time it knows of comes (the script tells it, and so does this
 * backend's own enqueue), and every `pollIntervalMs` to find events other producers added. It holds
 * nothing but that time: a worker that dies loses no delayed event.
 */
export class DelayedPromoter {
  readonly #script: ScriptRunner;
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  /** The earliest local time a call is wanted at (a known due time). */
  #wantedAt = Infinity;
  #lastCallAt = 0;
  #running: Promise<void> | undefined;
  #failing = false;

  constructor(
    private readonly keys: RedisKeys,
    connection: RedisConnection,
    private readonly options: PromoterOptions,
    private readonly metrics: MetricsCounter,
    private readonly logger: Logger,
  ) {
    this.#script = new ScriptRunner(connection, PROMOTE_SCRIPT);
  }

  /** Starts calling the script: once now, then as due times and the poll interval say. Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#wantedAt = 0;
    this.#arm();
  }

  /** Stops the timer and waits for a call in flight. */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    await this.#running;
  }

  /** A delayed event due at `dueAt` (epoch ms) was stored: call the script then, if that is earlier than planned. */
  noteDue(dueAt: number): void {
    if (dueAt >= this.#wantedAt) return;
    this.#wantedAt = dueAt;
    if (!this.#running) this.#arm();
  }

  #arm(): void {
    if (!this.#started) return;
    const at = Math.max(Math.min(this.#wantedAt, this.#lastCallAt + this.options.pollIntervalMs), this.#lastCallAt + MIN_GAP_MS);
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, at - Date.now()));
    this.#timer.unref();
  }

  #tick(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#wantedAt = Infinity;
    this.#running = this.#call().finally(() => {
      this.#running = undefined;
      this.#arm();
    });
  }

  async #call(): Promise<void> {
    const sentAt = Date.now();
    this.#lastCallAt = sentAt;
    let replies: [number, number, string][];
    try {
      const args = [String(this.options.batchSize), String(this.options.maxLen ?? '')];
      // One delayed set per partition, each moved into its own partition (its slot).
      replies = (await Promise.all(this.keys.partitionStreams.map((stream) =>
        this.#script.run([this.keys.delayedOf(stream), stream], args)))) as [number, number, string][];
    } catch (error) {
      this.#failed(error);
      return;
    }
    const { moved, fullest, untilNext, error } = combined(replies);
    this.metrics.delayedMoved += moved;
    if (error !== '') {
      this.#failed(new Error(error));
      return;
    }
    if (this.#failing) this.logger.info('Moving due delayed events again');
    this.#failing = false;
    // A full batch (in some partition): more may be due at once. Otherwise the next one's due time, on Redis's clock.
    const next = fullest >= this.options.batchSize ? sentAt : untilNext < 0 ? Infinity : sentAt + untilNext;
    this.#wantedAt = Math.min(this.#wantedAt, next);
  }

  /** Logged once per streak of failures (not when close() cut the call short); the next call comes after the poll interval. */
  #failed(error: unknown): void {
    if (!this.#failing && this.#started) this.logger.warn('Could not move due delayed events to their streams; retrying', { error: sanitize(error) });
    this.#failing = true;
  }
}

/** The partitions' replies as one: events moved, the most moved from one set, the soonest next due time (-1: none), the first error. */
function combined(replies: readonly [number, number, string][]): { moved: number; fullest: number; untilNext: number; error: string } {
  let moved = 0;
  let fullest = 0;
  let untilNext = -1;
  let error = '';
  for (const [count, until, failure] of replies) {
    moved += Number(count);
    fullest = Math.max(fullest, Number(count));
    const next = Number(until);
    if (next >= 0 && (untilNext < 0 || next < untilNext)) untilNext = next;
    if (error === '' && String(failure) !== '') error = String(failure);
  }
  return { moved, fullest, untilNext, error };
}

import type { Logger } from '@necrostack/core';
import type { Database } from '../connection/database';
import { sanitize } from '../connection/translate-error';
import type { MetricsCounter } from '../metrics';
import type { PostgresTables } from '../schema/postgres-tables';

/**
 * Moves follow one another at least this far apart, however many notifications come: it bounds
 * the statements per worker (≤ 200/s) at the cost of up to this much lateness.
 */
const MIN_GAP_MS = 5;

/** How the promoter works: see the `delayed` option. */
export interface PromoterSettings {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
}

/** What one `promote` call answered. */
interface Promoted {
  readonly moved: number;
  /** Ms until the next delayed event is due, by the database's clock; null when none waits. */
  readonly next_in_ms: number | null;
}

/**
 * Moves due delayed events from `delayed` into `events` with the `promote` function: one
 * transaction that deletes them and inserts them (the fan-out trigger then creates their
 * deliveries and wakes the consumers), skipping rows another worker is moving, so each event
 * enters `events` exactly once however many workers call it. Every consumer runs one. It calls
 * `promote` when the earliest due time it knows of comes — `promote` answers the next one, and
 * every insert into `delayed` notifies it at commit (`due`) — at once again after a full batch,
 * and at least every `pollIntervalMs`. It holds nothing but that time: a worker that dies loses no
 * delayed event, and one that cannot reach PostgreSQL tries again after the poll interval.
 */
export class DelayedPromoter {
  readonly #sql: string;
  #active = false;
  #timer: NodeJS.Timeout | undefined;
  /** Local epoch ms the timer fires at; Infinity when none is set. */
  #firesAt = Infinity;
  /** The call in flight, resolving with the local time the next call is wanted at. */
  #inFlight: Promise<number> | undefined;
  /** The earliest due time told while a call was in flight. */
  #toldDuring = Infinity;
  #lastCallAt = 0;
  #failing = false;

  constructor(
    private readonly db: Database,
    tables: PostgresTables,
    private readonly settings: PromoterSettings,
    private readonly metrics: MetricsCounter,
    private readonly logger: Logger,
  ) {
    this.#sql = `SELECT moved, next_in_ms FROM ${tables.promote}($1)`;
  }

  /** Starts moving: once now, then as due times and the poll interval say. Idempotent. */
  start(): void {
    if (this.#active) return;
    this.#active = true;
    this.due(Date.now());
  }

  /** Stops the timer and waits for a move in flight. */
  async stop(): Promise<void> {
    this.#active = false;
    this.#clearTimer();
    await this.#inFlight;
  }

  /**
   * A delayed event falls due at `dueAt` (epoch ms): move then, unless a move is planned earlier.
   * NaN (an unreadable notification, or one that may have been missed) means now.
   */
  due(dueAt: number): void {
    if (!this.#active) return;
    if (Number.isNaN(dueAt)) dueAt = Date.now();
    if (this.#inFlight) this.#toldDuring = Math.min(this.#toldDuring, dueAt);
    else this.#setTimer(Math.max(dueAt, this.#lastCallAt + MIN_GAP_MS));
  }

  #setTimer(at: number): void {
    if (at >= this.#firesAt) return;
    this.#clearTimer();
    this.#firesAt = at;
    this.#timer = setTimeout(() => void this.#fire(), Math.max(0, at - Date.now()));
    this.#timer.unref();
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#firesAt = Infinity;
  }

  async #fire(): Promise<void> {
    this.#clearTimer();
    this.#toldDuring = Infinity;
    this.#inFlight = this.#move();
    const wantedAt = await this.#inFlight;
    this.#inFlight = undefined;
    if (this.#active) this.due(Math.min(wantedAt, this.#toldDuring, this.#lastCallAt + this.settings.pollIntervalMs));
  }

  /** One `promote` call; resolves with the local time the next one is wanted at (Infinity: only the poll). */
  async #move(): Promise<number> {
    const sentAt = Date.now();
    this.#lastCallAt = sentAt;
    let result: Promoted;
    try {
      [result] = (await this.db.query<Promoted>('promote delayed events', this.#sql, [this.settings.batchSize])) as [Promoted];
    } catch (error) {
      // Logged once per streak of failures, and not when close() cut the call short.
      if (!this.#failing && this.#active) this.logger.warn('Could not move due delayed events; retrying', { error: sanitize(error) });
      this.#failing = true;
      return Infinity;
    }
    if (this.#failing) this.logger.info('Moving due delayed events again');
    this.#failing = false;
    this.metrics.delayedMoved += result.moved;
    if (result.moved >= this.settings.batchSize) return sentAt;
    return result.next_in_ms === null ? Infinity : sentAt + result.next_in_ms;
  }
}

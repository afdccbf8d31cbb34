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
    let reply: [number, number, string];
    try {
      reply = (await this.#script.run([this.keys.delayed, this.keys.streamKey], [String(this.options.batchSize), String(this.options.maxLen ?? '')])) as [number, number, string];
    } catch (error) {
      this.#failed(error);
      return;
    }
    const [moved, untilNext, error] = [Number(reply[0]), Number(reply[1]), String(reply[2])];
    this.metrics.delayedMoved += moved;
    if (error !== '') {
      this.#failed(new Error(error));
      return;
    }
    if (this.#failing) this.logger.info('Moving due delayed events again');
    this.#failing = false;
    // A full batch: more may be due at once. Otherwise the next one's due time, on Redis's clock.
    const next = moved >= this.options.batchSize ? sentAt : untilNext < 0 ? Infinity : sentAt + untilNext;
    this.#wantedAt = Math.min(this.#wantedAt, next);
  }

  /** Logged once per streak of failures (not when close() cut the call short); the next call comes after the poll interval. */
  #failed(error: unknown): void {
    if (!this.#failing && this.#started) this.logger.warn('Could not move due delayed events to their streams; retrying', { error: sanitize(error) });
    this.#failing = true;
  }
}

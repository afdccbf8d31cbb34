import type { Consumer } from '../backend/backend';
import type { Logger } from '../logging/logger';
import { tickEvent, type ResolvedSchedule } from './schedule';

/** After a failed claim (the backend down), the next try comes this much later, within the same tick. */
const RETRY_MS = 1_000;

/**
 * Publishes the ticks of the Spine's schedules while it runs forever: at each tick time, it asks the
 * backend to claim the tick and store its event, which only the first worker to ask does. At start
 * it claims the current tick too: after downtime, the latest missed tick is published once, the ones
 * before it are skipped.
 */
export class Scheduler {
  readonly #timers = new Set<NodeJS.Timeout>();
  #running = false;

  constructor(
    private readonly schedules: readonly ResolvedSchedule[],
    private readonly backend: Consumer,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.#running || this.schedules.length === 0) return;
    this.#running = true;
    for (const schedule of this.schedules) void this.#claim(schedule, schedule.tickAtOrBefore(Date.now()));
  }

  stop(): void {
    this.#running = false;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #claim(schedule: ResolvedSchedule, tickAt: number): Promise<void> {
    if (!this.#running) return;
    const next = schedule.tickAfter(tickAt);
    try {
      const claimed = await (this.backend.claimTick as NonNullable<Consumer['claimTick']>)(schedule.name, tickAt, tickEvent(schedule, tickAt));
      if (claimed) this.logger.debug('Schedule tick published', { schedule: schedule.name, tick: new Date(tickAt).toISOString() });
      this.#at(next, () => this.#claim(schedule, next));
    } catch (error) {
      this.logger.warn('Could not claim a schedule tick; retrying', { schedule: schedule.name, tick: new Date(tickAt).toISOString(), error });
      // Within the tick: try again; past it, go on with the current tick (the missed one is skipped).
      const retryAt = Date.now() + RETRY_MS;
      this.#at(Math.min(retryAt, next), () => this.#claim(schedule, retryAt < next ? tickAt : schedule.tickAtOrBefore(Date.now())));
    }
  }

  #at(time: number, run: () => Promise<void>): void {
    if (!this.#running) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      // A timer may fire a little before the wall clock reaches its time: never publish a tick early.
      if (Date.now() < time) this.#at(time, run);
      else void run();
    }, Math.max(0, time - Date.now()));
    this.#timers.add(timer);
  }
}

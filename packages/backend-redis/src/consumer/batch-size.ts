/**
 * How many new entries a worker's read rounds ask for. While events trickle in, one batch (what
 * the Spine pulls); while a backlog lasts (a read came back full), twice as many each round, so
 * one XREADGROUP feeds several pulls without a round trip each; back to one batch as soon as a read
 * comes back less than half full. Never more than `maxInFlight` leaves room for beside what the
 * worker holds already, so a worker holds at most `maxInFlight` entries, or two batches when that
 * is more (see docs/redis.md, "Batching").
 */
export class BatchSize {
  /** What the next read asks for while the backlog lasts; 0 when there is none. */
  #size = 0;

  constructor(private readonly maxInFlight: number) {}

  /**
   * The entries a read round asks for, for pulls of `max` while `held` entries are pending here,
   * `buffered` of them not handed out yet: at least what fills a batch (so a worker holds its
   * batch and one more, whatever `maxInFlight`), more only while a backlog lasts.
   */
  next(max: number, held: number, buffered: number): number {
    return Math.max(max - buffered, Math.min(this.#size, this.maxInFlight - held));
  }

  /** Learns from a read round that asked for `asked` new entries and got `read`. */
  record(asked: number, read: number): void {
    if (read >= asked) this.#size = Math.min(this.maxInFlight, asked * 2);
    else if (read * 2 < asked) this.#size = 0;
  }
}

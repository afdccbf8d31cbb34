/**
 * How many new entries a worker's read rounds ask for. While events trickle in, or while the
 * handlers are slower than the reads, one batch (what the Spine pulls). While a backlog lasts (a
 * read came back full) and a pull had to wait for a read, twice as much as the last read, so one
 * XREADGROUP feeds several pulls without a round trip each; back to one batch as soon as a read
 * comes back less than half full. Never more than `maxInFlight` leaves room for beside what the
 * worker holds already, so a worker holds at most `maxInFlight` entries, or two batches when that
 * is more (see docs/redis.md, "Batching").
 */
export class BatchSize {
  /** What the next read asks for while the backlog lasts; 0 when there is none. */
  #size = 0;
  /** Whether the last read came back full, and what it asked for. */
  #full = false;
  #lastAsked = 0;

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
    this.#full = read >= asked;
    this.#lastAsked = asked;
    if (read * 2 < asked) this.#size = 0;
  }

  /** A pull had to wait for a read: if the last one came back full, the next asks for twice as much. */
  starved(): void {
    if (this.#full) this.#size = Math.min(this.maxInFlight, Math.max(this.#size, this.#lastAsked) * 2);
  }
}

import { createHash } from 'node:crypto';

// Answered marks waiting to be deleted by the next enqueue; beyond this many they are left to expire.
const MAX_ANSWERED = 1_000;

/**
 * The producer's side of the enqueue marks (see the `enqueue` script). Every batch leaves a mark,
 * as the producer cannot know beforehand whether the reply will come. A mark whose reply came is
 * deleted by the next enqueue (no retry of it follows, and a batch sent again on purpose is
 * written again); a mark whose outcome stayed unknown is kept until it expires, so a retry of the
 * same events — by the Spine or by the caller — finds it and writes nothing.
 */
export class EnqueueMarks {
  #answered: string[] = [];
  /** Marks of batches whose outcome is unknown, with when they expire (in that order). */
  readonly #unknown = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** The id of a batch: its event id when it has one event, else a digest of its event ids, in order. */
  static batchId(eventIds: readonly string[]): string {
    if (eventIds.length === 1) return eventIds[0] as string;
    return createHash('sha1').update(eventIds.join(',')).digest('base64url');
  }

  /** The answered marks for the next script call to delete; give them back with {@link restore} if it fails. */
  takeAnswered(): string[] {
    const taken = this.#answered;
    this.#answered = [];
    return taken;
  }

  restore(marks: readonly string[]): void {
    if (this.#answered.length + marks.length <= MAX_ANSWERED) this.#answered.push(...marks);
  }

  /** The batch's reply came: its mark can go, unless an earlier try of it went unanswered. */
  answered(mark: string): void {
    if (this.#unknown.delete(mark)) return;
    if (this.#answered.length < MAX_ANSWERED) this.#answered.push(mark);
  }

  /** No reply came for the batch: keep its mark for the window. */
  unknown(mark: string): void {
    const now = Date.now();
    for (const [key, expiresAt] of this.#unknown) {
      if (expiresAt > now) break;
      this.#unknown.delete(key);
    }
    this.#unknown.delete(mark);
    this.#unknown.set(mark, now + this.windowMs);
  }
}

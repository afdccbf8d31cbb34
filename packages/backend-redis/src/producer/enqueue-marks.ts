import { createHash, randomBytes } from 'node:crypto';

// Answered marks are deleted together, by the enqueue after this many were answered.
const DELETE_EVERY = 32;
// Beyond this many answered marks waiting (enqueues that keep failing), the rest are left to expire.
const MAX_ANSWERED = 1_000;

/** What the script call of a batch carries besides its events. */
export interface MarkWork {
  /** The call's token: new for a new call, the same for a retry of a call whose reply never came. */
  readonly token: string;
  /** Answered marks to delete with it; give them back with {@link EnqueueMarks.restore} if it fails. */
  readonly toDelete: readonly string[];
}

/**
 * The producer's side of the enqueue marks (see the `enqueue` script). Every batch leaves a mark
 * holding its call's token, as the producer cannot know beforehand whether the reply will come.
 * A batch whose reply never came keeps its token for the window, so a retry of the same events —
 * by the Spine or by the caller — carries it and writes nothing if a try got through; any other call
 * gets a new token and writes. A mark whose reply came is deleted by a later enqueue, a few dozen at
 * a time, so Redis keeps only a handful of them.
 */
export class EnqueueMarks {
  readonly #answered = new Set<string>();
  /** Batches whose outcome is unknown: their token, and when it expires (in that order). */
  readonly #unknown = new Map<string, { readonly token: string; readonly expiresAt: number }>();
  readonly #producer = randomBytes(8).toString('base64url');
  #calls = 0;

  constructor(private readonly windowMs: number) {}

  /** The id of a batch: its event id when it has one event, else a digest of its event ids, in order. */
  static batchId(eventIds: readonly string[]): string {
    if (eventIds.length === 1) return eventIds[0] as string;
    return createHash('sha1').update(eventIds.join(',')).digest('base64url');
  }

  /** What the script call of the batch with `mark` carries. */
  prepare(mark: string): MarkWork {
    const token = this.#unknown.get(mark)?.token ?? `${this.#producer}:${++this.#calls}`;
    // Its mark is about to be written again: it must not be deleted with the answered ones.
    this.#answered.delete(mark);
    if (this.#answered.size < DELETE_EVERY) return { token, toDelete: [] };
    const toDelete = [...this.#answered];
    this.#answered.clear();
    return { token, toDelete };
  }

  restore(marks: readonly string[]): void {
    for (const mark of marks) if (this.#answered.size < MAX_ANSWERED) this.#answered.add(mark);
  }

  /** The batch's reply came: its mark can go, unless an earlier try of it went unanswered (it may still run). */
  answered(mark: string): void {
    if (this.#unknown.delete(mark)) return;
    if (this.#answered.size < MAX_ANSWERED) this.#answered.add(mark);
  }

  /** No reply came for the try with `token`: its retries carry the same token, for the window. */
  unknown(mark: string, token: string): void {
    const now = Date.now();
    for (const [key, { expiresAt }] of this.#unknown) {
      if (expiresAt > now) break;
      this.#unknown.delete(key);
    }
    this.#unknown.delete(mark);
    this.#unknown.set(mark, { token, expiresAt: now + this.windowMs });
  }
}

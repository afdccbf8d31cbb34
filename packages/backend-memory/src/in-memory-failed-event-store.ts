import { ConfigurationError, type FailedEvent, type WritableFailedEventStore } from '@necrostack/core';
import { Deque } from './deque';

/** The default bound of an {@link InMemoryFailedEventStore}. */
export const DEFAULT_FAILED_EVENT_STORE_SIZE = 10_000;

/** Options of {@link InMemoryFailedEventStore}. */
export interface InMemoryFailedEventStoreOptions {
  /** The most entries kept; when full, the oldest is evicted and counted in `droppedCount`. */
  readonly maxSize?: number;
}

/**
 * A bounded, in-process dead-letter store with O(1) insertion and eviction.
 *
 * @example
 * ```ts
 * const store = new InMemoryFailedEventStore({ maxSize: 1000 });
 * const spine = new Spine({ organs, backend, failedEventStore: store });
 * ```
 */
export class InMemoryFailedEventStore implements WritableFailedEventStore {
  readonly maxSize: number;
  private readonly entries = new Deque<FailedEvent>();
  private dropped = 0;

  constructor(options: InMemoryFailedEventStoreOptions = {}) {
    const maxSize = options.maxSize ?? DEFAULT_FAILED_EVENT_STORE_SIZE;
    if (!Number.isSafeInteger(maxSize) || maxSize < 1) {
      throw new ConfigurationError('maxSize', `must be a positive integer, got ${String(maxSize)}`);
    }
    this.maxSize = maxSize;
  }

  /** Adds an entry, evicting the oldest when full. */
  add(entry: FailedEvent): void {
    if (this.entries.length >= this.maxSize) {
      this.entries.shift();
      this.dropped++;
    }
    this.entries.push(entry);
  }

  getAll(): FailedEvent[] {
    return this.entries.toArray();
  }

  /** Removes and returns the entries `match` selects. */
  take(match: (entry: FailedEvent) => boolean): FailedEvent[] {
    const kept: FailedEvent[] = [];
    const taken: FailedEvent[] = [];
    for (const entry of this.entries.toArray()) (match(entry) ? taken : kept).push(entry);
    this.entries.clear();
    for (const entry of kept) this.entries.push(entry);
    return taken;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.length;
  }

  get droppedCount(): number {
    return this.dropped;
  }
}

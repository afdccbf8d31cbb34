import { toFailedEvent, type DeadLetter, type DeadLetterQueue, type Event, type FailedEvent, type ReplayFilter } from '@necrostack/core';
import { InMemoryFailedEventStore, type InMemoryFailedEventStoreOptions } from './in-memory-failed-event-store';

type Redeliver = (events: readonly Event[], group: string | undefined) => void;

/** The in-memory backend's dead letters: a bounded store plus replay into the backend. */
export class InMemoryDeadLetterQueue extends InMemoryFailedEventStore implements DeadLetterQueue {
  private nextId = 1;

  constructor(options: InMemoryFailedEventStoreOptions, private readonly redeliver: Redeliver) {
    super(options);
  }

  /** Records a dead letter. */
  override add(letter: DeadLetter | FailedEvent): void {
    super.add('failedAt' in letter ? letter : toFailedEvent(letter, String(this.nextId++)));
  }

  replay(filter: ReplayFilter = {}): Promise<number> {
    const taken = this.take((entry) =>
      entry.event !== undefined &&
      (filter.organ === undefined || entry.organ === filter.organ) &&
      (filter.id === undefined || entry.id === filter.id));
    for (const entry of taken) this.redeliver([entry.event as Event], entry.group);
    return Promise.resolve(taken.length);
  }
}

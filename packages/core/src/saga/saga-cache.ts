import type { StoredSaga } from './saga-store';

/**
 * The instances this process saved last, by saga and key (least recently used dropped first): a
 * step whose instance is here skips the load. It may be stale — another worker saved since — and
 * then the save's version check refuses the write, the entry is dropped and the step is redone on
 * what the store holds. Entries are JSON text, parsed for each step, so a step that changes its
 * state in place and then loses its save leaves nothing changed here.
 */
export class SagaCache {
  readonly #entries = new Map<string, StoredSaga>();

  constructor(private readonly capacity: number) {}

  get(id: string): StoredSaga | undefined {
    const entry = this.#entries.get(id);
    if (entry) {
      this.#entries.delete(id);
      this.#entries.set(id, entry);
    }
    return entry;
  }

  set(id: string, entry: StoredSaga): void {
    if (this.capacity === 0) return;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  delete(id: string): void {
    this.#entries.delete(id);
  }
}

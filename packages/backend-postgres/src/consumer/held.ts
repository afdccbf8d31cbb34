/** A delivery this consumer claimed and has not settled: its lease is renewed until it is. */
export interface Held {
  readonly deliveryId: string;
  readonly group: string;
  readonly seq: string;
  readonly token: string;
}

/** The deliveries this consumer holds, by group and delivery id. */
export class HeldDeliveries {
  readonly #held = new Map<string, Held>();

  add(held: Held): void {
    this.#held.set(keyOf(held.group, held.deliveryId), held);
  }

  delete(group: string, deliveryId: string): void {
    this.#held.delete(keyOf(group, deliveryId));
  }

  has(group: string, deliveryId: string): boolean {
    return this.#held.has(keyOf(group, deliveryId));
  }

  values(): Held[] {
    return [...this.#held.values()];
  }

  /** Everything held, forgotten: for the hand-back at close. */
  drain(): Held[] {
    const all = this.values();
    this.#held.clear();
    return all;
  }
}

function keyOf(group: string, deliveryId: string): string {
  return `${group}\n${deliveryId}`;
}

/** The three arrays (group, seq, token) a statement unnests to find delivery rows. */
export function rowKeys(held: readonly Held[]): [string[], string[], string[]] {
  return [held.map((h) => h.group), held.map((h) => h.seq), held.map((h) => h.token)];
}

/** A delivery this consumer claimed and has not settled: its lease is renewed until it is. */
export interface Held {
  readonly deliveryId: string;
  readonly group: string;
  readonly seq: string;
  readonly token: string;
  /** Taken over from a consumer whose lease ran out. */
  readonly recovered?: boolean;
}

/**
 * The deliveries this consumer holds, by group and delivery id, and how many of them it took over
 * (see Claimer: one at a time). `onRecoveredGone` runs when the last one taken over is no longer held.
 */
export class HeldDeliveries {
  readonly #held = new Map<string, Held>();
  #recovered = 0;

  constructor(private readonly onRecoveredGone: () => void = () => undefined) {}

  add(held: Held): void {
    const key = keyOf(held.group, held.deliveryId);
    if (held.recovered && this.#held.get(key)?.recovered !== true) this.#recovered++;
    this.#held.set(key, held);
  }

  delete(group: string, deliveryId: string): void {
    const key = keyOf(group, deliveryId);
    const gone = this.#held.get(key);
    this.#held.delete(key);
    if (gone?.recovered && --this.#recovered === 0) this.onRecoveredGone();
  }

  /** Whether a delivery taken over from another consumer is still held. */
  holdsRecovered(): boolean {
    return this.#recovered > 0;
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
    this.#recovered = 0;
    return all;
  }
}

function keyOf(group: string, deliveryId: string): string {
  return `${group}\n${deliveryId}`;
}

/**
 * The SQL that finds the delivery rows `d` of a batch given as the three arrays of {@link rowKeys},
 * bound from parameter `$from`: `using` (for `FROM` / `USING`) and `where`. The `seq = ANY`
 * condition lets the planner, once the table has statistics, read just those rows through the
 * `seq` index rather than hash the arrays and scan the whole table (see Settler).
 */
export function matchRows(from: number): { using: string; where: string } {
  const [g, seq, token] = [from, from + 1, from + 2];
  return {
    using: `unnest($${g}::text[], $${seq}::bigint[], $${token}::bigint[]) AS x(g, seq, token)`,
    where: `d.seq = ANY ($${seq}::bigint[]) AND d.group_name = x.g AND d.seq = x.seq AND d.token = x.token`,
  };
}

/** The three arrays (group, seq, token) a statement unnests to find delivery rows (see {@link matchRows}). */
export function rowKeys(held: readonly Held[]): [string[], string[], string[]] {
  return [held.map((h) => h.group), held.map((h) => h.seq), held.map((h) => h.token)];
}

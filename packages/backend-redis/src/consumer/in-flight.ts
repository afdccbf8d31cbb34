/** A stream entry pending with this consumer: pulled, buffered or waiting for redelivery. */
export interface Holding {
  /** The subscription group (organ or shared group). */
  readonly group: string;
  /** Its Redis consumer group. */
  readonly redisGroup: string;
  /** The delivery id naming the stream and the entry (see RedisKeys.deliveryId). */
  readonly deliveryId: string;
  readonly stream: string;
  readonly entryId: string;
  /** The attempt of the delivery made (or about to be made) from this entry. */
  readonly attempt: number;
  /** When its idle time in Redis was last reset (epoch ms). */
  touchedAt: number;
}

/**
 * Every entry this consumer holds pending in Redis, by Redis group and delivery id. It is the
 * truth about ownership on our side: the refresher keeps these fresh, `close()` hands them back,
 * and an entry found taken over by another consumer is dropped from here (and so never handed
 * out twice by this one).
 */
export class InFlight {
  readonly #byGroup = new Map<string, Map<string, Holding>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(holding: Holding): void {
    let group = this.#byGroup.get(holding.redisGroup);
    if (!group) this.#byGroup.set(holding.redisGroup, (group = new Map()));
    const before = group.size;
    group.set(holding.deliveryId, holding);
    this.#size += group.size - before;
  }

  has(redisGroup: string, deliveryId: string): boolean {
    return this.#byGroup.get(redisGroup)?.has(deliveryId) === true;
  }

  get(redisGroup: string, deliveryId: string): Holding | undefined {
    return this.#byGroup.get(redisGroup)?.get(deliveryId);
  }

  /** Removes the holding and returns it, if there was one. */
  take(redisGroup: string, deliveryId: string): Holding | undefined {
    const group = this.#byGroup.get(redisGroup);
    const holding = group?.get(deliveryId);
    if (group === undefined || holding === undefined) return undefined;
    group.delete(deliveryId);
    this.#size--;
    return holding;
  }

  delete(redisGroup: string, deliveryId: string): boolean {
    const deleted = this.#byGroup.get(redisGroup)?.delete(deliveryId) === true;
    if (deleted) this.#size--;
    return deleted;
  }

  *values(): IterableIterator<Holding> {
    for (const group of this.#byGroup.values()) yield* group.values();
  }

  /** Removes and returns every holding. */
  drain(): Holding[] {
    const all = [...this.values()];
    this.#byGroup.clear();
    this.#size = 0;
    return all;
  }
}

/** A first-in first-out queue (of deliveries pulled from Redis but not handed out yet). */
export class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /**
   * Up to `max` items whose turn is `take`, oldest first; those whose turn is `drop` are dropped,
   * and those whose turn is `later` stay, in order, ahead of the rest.
   */
  take(max: number, turn: (item: T) => 'take' | 'later' | 'drop'): T[] {
    const out: T[] = [];
    const later: T[] = [];
    while (out.length < max && this.#head < this.#items.length) {
      const item = this.#items[this.#head++] as T;
      const decided = turn(item);
      if (decided === 'take') out.push(item);
      else if (decided === 'later') later.push(item);
    }
    if (later.length > 0) {
      this.#items = [...later, ...this.#items.slice(this.#head)];
      this.#head = 0;
    } else if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return out;
  }
}

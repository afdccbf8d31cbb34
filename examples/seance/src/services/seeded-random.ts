import { pick, seededRandom, type Random } from '@necrostack/example-support';

/**
 * The séance's source of chance, injectable by class: the same seed gives the same sequence on every
 * run and platform, so a séance can be replayed and tested. Never Math.random.
 */
export class SeededRandom {
  private readonly random: Random;

  constructor(readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** The next number in [0, 1). */
  next(): number {
    return this.random();
  }

  /** One of `items`, chosen by the next number. @throws Error when `items` is empty. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() needs at least one item');
    return pick(this.random, items);
  }
}

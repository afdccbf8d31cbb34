/**
 * Seeded pseudo-randomness, so a run is reproducible from its `--seed`: never Math.random.
 * mulberry32: a 32-bit generator, small and good enough for simulations (not for cryptography).
 */

/** A generator of numbers in [0, 1). */
export type Random = () => number;

/** A generator seeded by `seed` (any integer; only its low 32 bits count). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A generator for one decision, derived from the run's seed and a key (a trade id and an attempt…):
 * the outcome depends on what is decided, not on how many draws happened before, so it is the same
 * whatever the order in which a backend delivers events.
 */
export function randomFor(seed: number, ...key: readonly (string | number)[]): Random {
  let hash = 0x811c9dc5 ^ (seed >>> 0); // FNV-1a over the key's characters
  for (const char of key.join('\u0000')) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return seededRandom(hash);
}

/** An integer in [min, max], both included. */
export function integerBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

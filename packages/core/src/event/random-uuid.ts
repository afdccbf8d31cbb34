import { randomFillSync } from 'node:crypto';

/** UUIDs made per refill of the random pool. */
const BATCH = 256;
const DASH = 45;

/** The character codes of the two hex digits of each byte value. */
const HIGH = new Uint8Array(256);
const LOW = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const hex = b.toString(16).padStart(2, '0');
  HIGH[b] = hex.charCodeAt(0);
  LOW[b] = hex.charCodeAt(1);
}

const pool = Buffer.alloc(16 * BATCH);
let next = BATCH;

/**
 * A random (version 4) UUID in lowercase 8-4-4-4-12 form, as `crypto.randomUUID()` makes, from
 * the same cryptographic source, at about half its cost: the random bytes of 256 UUIDs are drawn at
 * once, and each UUID is built as one string of its own, straight from its character codes (the
 * platform's version joins some twenty short strings per UUID). No UUID shares memory with
 * another, so keeping a few of them keeps nothing else alive.
 *
 * @example
 * ```ts
 * const id = randomUuid(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function randomUuid(): string {
  if (next === BATCH) {
    randomFillSync(pool);
    next = 0;
  }
  const at = next++ * 16;
  const b = pool;
  const version = ((b[at + 6] as number) & 0x0f) | 0x40; // version 4
  const variant = ((b[at + 8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const b0 = b[at] as number, b1 = b[at + 1] as number, b2 = b[at + 2] as number, b3 = b[at + 3] as number;
  const b4 = b[at + 4] as number, b5 = b[at + 5] as number, b7 = b[at + 7] as number, b9 = b[at + 9] as number;
  const b10 = b[at + 10] as number, b11 = b[at + 11] as number, b12 = b[at + 12] as number;
  const b13 = b[at + 13] as number, b14 = b[at + 14] as number, b15 = b[at + 15] as number;
  const H = HIGH, L = LOW;
  return String.fromCharCode(
    H[b0]!, L[b0]!, H[b1]!, L[b1]!, H[b2]!, L[b2]!, H[b3]!, L[b3]!, DASH,
    H[b4]!, L[b4]!, H[b5]!, L[b5]!, DASH,
    H[version]!, L[version]!, H[b7]!, L[b7]!, DASH,
    H[variant]!, L[variant]!, H[b9]!, L[b9]!, DASH,
    H[b10]!, L[b10]!, H[b11]!, L[b11]!, H[b12]!, L[b12]!, H[b13]!, L[b13]!, H[b14]!, L[b14]!, H[b15]!, L[b15]!,
  );
}

import { Event, ListensTo, Organ } from '@necrostack/core';

/** Records, per key, the sequence numbers in the order their handlers started; fails each key's #1 once. */
@Organ()
@ListensTo('STEP')
export class Steps {
  readonly started = new Map<string, number[]>();
  readonly active = new Set<string>();
  readonly failed = new Set<string>();
  overlaps = 0;
  async handle(event: Event<{ key: string; seq: number }>) {
    const { key, seq } = event.payload;
    if (this.active.has(key)) this.overlaps++;
    this.active.add(key);
    this.started.set(key, [...(this.started.get(key) ?? []), seq]);
    await new Promise((resolve) => setTimeout(resolve, seq % 3));
    this.active.delete(key);
    if (seq === 1 && !this.failed.has(key)) {
      this.failed.add(key);
      throw new Error('first try of #1 fails');
    }
  }
}

/**
 * Three `STEP` events per key (seq 0, 1, 2), one key after the other, keyed by correlation id:
 * 16 handlers at once would run steps of one key together unless the backend keeps per-key order.
 */
export function stepEvents(keyCount: number): { keys: string[]; events: Event<{ key: string; seq: number }>[] } {
  const keys = Array.from({ length: keyCount }, (_, i) => `key-${i}`);
  return { keys, events: keys.flatMap((key) => [0, 1, 2].map((seq) => new Event('STEP', { key, seq }, { correlationId: key }))) };
}

import type { Event } from '@necrostack/core';

/** What picks an event's partition, and whose deliveries are handled one at a time, in order. */
export type PartitionKeyOf = (event: Event<object>) => string;

/**
 * The default partition key: the event's correlation id (a chain of events stays in one partition,
 * in order), or its id when it has none.
 * @example
 * ```ts
 * defaultPartitionKey(new Event('ORDER_PLACED', {}, { correlationId: 'order-42' })); // 'order-42'
 * ```
 */
export function defaultPartitionKey(event: Event<object>): string {
  return event.correlationId ?? event.id;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The partition of `key` among `partitions`: FNV-1a (32 bits) of its UTF-8 bytes, modulo
 * `partitions`. Stable across processes, versions and platforms: every producer picks the same one.
 * @example
 * ```ts
 * partitionOf('order-42', 12); // the same number from 0 to 11 in every process
 * ```
 */
export function partitionOf(key: string, partitions: number): number {
  return partitions === 1 ? 0 : fnv1a(key) % partitions;
}

/**
 * FNV-1a (32 bits) of the UTF-8 bytes of `text`.
 * @example
 * ```ts
 * fnv1a('order-42'); // the same unsigned 32-bit number in every process
 * ```
 */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  return hash;
}

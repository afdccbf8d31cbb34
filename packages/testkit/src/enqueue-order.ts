import type { Event } from '@necrostack/core';

/**
 * Asserts that `ids` are the ids of `enqueued`, each exactly once, in the order the backend promises:
 * `enqueued`'s own order with `globalOrder`; without it, each correlation id's events in their
 * relative order (an event with no correlation id is a key of its own), in any order between keys.
 * @example
 * ```ts
 * expectEnqueueOrder(idsOf(await ctx.pull(backend, 3)), events, ctx.globalOrder);
 * ```
 */
export function expectEnqueueOrder(ids: readonly string[], enqueued: readonly Event<object>[], globalOrder: boolean): void {
  const expected = enqueued.map((e) => e.id);
  if (globalOrder) {
    expect(ids).toEqual(expected);
    return;
  }
  // The same deliveries, none lost and none extra…
  expect([...ids].sort()).toEqual([...expected].sort());
  // …and each key's in enqueue order.
  const keyOf = new Map(enqueued.map((e) => [e.id, e.correlationId ?? e.id]));
  expect(byKey(ids, keyOf)).toEqual(byKey(expected, keyOf));
}

function byKey(ids: readonly string[], keyOf: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const key = keyOf.get(id) as string;
    const list = out.get(key);
    if (list) list.push(id);
    else out.set(key, [id]);
  }
  return out;
}

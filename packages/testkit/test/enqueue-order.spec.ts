import { Event } from '@necrostack/core';
import { expectEnqueueOrder } from '../src/enqueue-order';

/** a0 a1 b0 a2 b1 c: keys a and b, and c with no correlation id. */
function events(): Event[] {
  const keyed = (key: string, n: number) => new Event('ORDER_PLACED', { n }, { correlationId: key });
  return [keyed('a', 0), keyed('a', 1), keyed('b', 0), keyed('a', 2), keyed('b', 1), new Event('ORDER_PLACED', { n: 9 })];
}

describe('expectEnqueueOrder', () => {
  const ids = (list: readonly Event[], order: readonly number[]) => order.map((i) => list[i]!.id);

  describe('with a global order', () => {
    it('accepts the enqueue order only', () => {
      const list = events();
      expect(() => expectEnqueueOrder(ids(list, [0, 1, 2, 3, 4, 5]), list, true)).not.toThrow();
      expect(() => expectEnqueueOrder(ids(list, [2, 0, 1, 3, 4, 5]), list, true)).toThrow();
    });
  });

  describe('without a global order', () => {
    it('accepts any interleaving of the keys that keeps each key\'s order', () => {
      const list = events();
      expect(() => expectEnqueueOrder(ids(list, [5, 2, 4, 0, 1, 3]), list, false)).not.toThrow();
      expect(() => expectEnqueueOrder(ids(list, [2, 0, 5, 1, 4, 3]), list, false)).not.toThrow();
    });

    it('rejects events of one correlation id out of their order', () => {
      const list = events();
      expect(() => expectEnqueueOrder(ids(list, [1, 0, 2, 3, 4, 5]), list, false)).toThrow();
      expect(() => expectEnqueueOrder(ids(list, [0, 1, 4, 3, 2, 5]), list, false)).toThrow();
    });

    it('rejects a lost, an extra or a repeated delivery', () => {
      const list = events();
      expect(() => expectEnqueueOrder(ids(list, [0, 1, 2, 3, 4]), list, false)).toThrow();
      expect(() => expectEnqueueOrder([...ids(list, [0, 1, 2, 3, 4, 5]), new Event('X').id], list, false)).toThrow();
      expect(() => expectEnqueueOrder(ids(list, [0, 1, 2, 3, 4, 4]), list, false)).toThrow();
    });
  });
});

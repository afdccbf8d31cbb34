// The payload parameter of `new Event<T>(…)` is typed by T. The @ts-expect-error lines are checked by
// `npm run typecheck` (part of `npm test`): if one of them compiled, the typecheck fails.
import { Event } from '../src';

interface OrderPlaced {
  orderId: string;
  amount: number;
}

describe('Event<T> typing', () => {
  it('checks the payload against T', () => {
    const good = new Event<OrderPlaced>('ORDER_PLACED', { orderId: 'A-1', amount: 5 });
    // @ts-expect-error orderId must be a string
    const wrongType = new Event<OrderPlaced>('ORDER_PLACED', { orderId: 1, amount: 5 });
    // @ts-expect-error amount is missing
    const missing = new Event<OrderPlaced>('ORDER_PLACED', { orderId: 'A-1' });
    // Untyped events still take any JSON object, and infer its shape.
    const untyped = new Event('PING', { n: 1, tags: ['a'] });
    const n: number = untyped.payload.n;
    const empty = new Event('TICK');

    expect(good.payload.orderId).toBe('A-1');
    expect([wrongType.payload.orderId, missing.payload.amount, n, empty.payload]).toEqual([1, undefined, 1, {}]);
  });
});

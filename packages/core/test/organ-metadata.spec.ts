// isOrgan and getOrganMetadata: the public predicate framework integrations discover organs with.
import { ListensTo, Organ, getOrganMetadata, isOrgan, type HandlerMiddleware } from '../src';

const passThrough: HandlerMiddleware = (next) => next;

@Organ()
@ListensTo('ORDER_PLACED')
class ChargeCard {
  handle(): void {}
}

@Organ({ name: 'Receipts', group: 'billing', idempotent: true, middleware: [passThrough] })
class SendReceipt {
  @ListensTo('ORDER_BILLED')
  send(): void {}
}

/** Inherits the handlers, not the decorator. */
class ChargeCardTwice extends ChargeCard {}

class PlainService {}

describe('isOrgan', () => {
  it('is true for a class decorated with @Organ()', () => {
    expect(isOrgan(ChargeCard)).toBe(true);
    expect(isOrgan(SendReceipt)).toBe(true);
  });

  it('is false for an undecorated class, and for a subclass without its own @Organ()', () => {
    expect(isOrgan(PlainService)).toBe(false);
    expect(isOrgan(ChargeCardTwice)).toBe(false);
  });

  it('is false for what is not a class: an instance, a string, null, undefined', () => {
    for (const value of [new ChargeCard(), 'ChargeCard', null, undefined, 42, {}]) expect(isOrgan(value)).toBe(false);
  });

  it('finds organs among instances by their constructor', () => {
    const instances: object[] = [new PlainService(), new ChargeCard(), new SendReceipt()];
    expect(instances.filter((instance) => isOrgan(instance.constructor)).map((i) => i.constructor)).toEqual([ChargeCard, SendReceipt]);
  });
});

describe('getOrganMetadata', () => {
  it('gives the defaults: the class name names the organ and its group', () => {
    expect(getOrganMetadata(ChargeCard)).toEqual({ name: 'ChargeCard', group: 'ChargeCard', idempotent: false, middleware: [] });
  });

  it('gives the options @Organ() was passed', () => {
    expect(getOrganMetadata(SendReceipt)).toEqual({ name: 'Receipts', group: 'billing', idempotent: true, middleware: [passThrough] });
  });

  it('is undefined for anything that is not an organ class', () => {
    for (const value of [PlainService, ChargeCardTwice, new ChargeCard(), 'x', null]) expect(getOrganMetadata(value)).toBeUndefined();
  });
});

import { Event, ListensTo, Organ } from '@necrostack/core';

/** Records every ORDER_PLACED it handles. */
@Organ({ name: 'Shipping' })
@ListensTo('ORDER_PLACED')
export class ShippingOrgan {
  readonly handled: string[] = [];

  handle(event: Event): void {
    this.handled.push(event.id);
  }
}

/** Handles ORDER_PLACED; throws `card declined` while `failing`, emits ORDER_BILLED when `emits`. */
@Organ({ name: 'Billing' })
@ListensTo('ORDER_PLACED')
export class BillingOrgan {
  readonly handled: string[] = [];
  calls = 0;
  failing = false;
  emits = false;

  handle(event: Event): Event | undefined {
    this.calls++;
    if (this.failing) throw new Error('card declined');
    this.handled.push(event.id);
    return this.emits ? new Event('ORDER_BILLED', { n: event.payload.n ?? null }) : undefined;
  }
}

/** Records every ORDER_BILLED it handles. */
@Organ({ name: 'Invoicing' })
@ListensTo('ORDER_BILLED')
export class InvoicingOrgan {
  readonly handled: Event[] = [];

  handle(event: Event): void {
    this.handled.push(event);
  }
}

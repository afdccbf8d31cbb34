import { IsInt, IsString, Min } from 'class-validator';
import { Event, ListensTo, Organ } from '@necrostack/core';

/** Payload of ORDER_PLACED in the tests. */
export class OrderDto {
  @IsString() orderId!: string;
  @IsInt() @Min(1) amount!: number;
}

/** Records the ids of the events it handled, in order. */
export class Recorder {
  readonly seen: string[] = [];
  record(event: Event<object>): void {
    this.seen.push(event.id);
  }
}

@Organ()
@ListensTo('ORDER_PLACED', { payload: OrderDto })
export class Billing extends Recorder {
  handle(event: Event<OrderDto>) {
    this.record(event);
    return new Event('ORDER_BILLED', { orderId: event.payload.orderId });
  }
}

@Organ()
@ListensTo('ORDER_PLACED')
export class Shipping extends Recorder {
  handle(event: Event) {
    this.record(event);
  }
}

@Organ()
@ListensTo('ORDER_BILLED')
export class Audit extends Recorder {
  handle(event: Event) {
    this.record(event);
  }
}

/** Fails every time: for dead-letter tests. */
@Organ()
@ListensTo('FRAGILE')
export class Fragile extends Recorder {
  handle(event: Event) {
    this.record(event);
    throw new Error('fragile failed');
  }
}

export function orders(count: number, from = 1): Event[] {
  return Array.from({ length: count }, (_, i) => new Event('ORDER_PLACED', { orderId: `A-${from + i}`, amount: from + i }));
}

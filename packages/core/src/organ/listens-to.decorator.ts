import { OrganDefinitionError } from '../errors';
import { addListenerMetadata, type ClassType } from './metadata';

/** Options of {@link ListensTo}. */
export interface ListensToOptions {
  /**
   * A class-validator DTO. The payload is turned into an instance of it (class-transformer) and
   * validated at `publish` and again before the handler runs; the handler reads the DTO instance
   * from `event.payload`. An invalid payload never reaches the handler: it is dead-lettered.
   */
  readonly payload?: ClassType;
}

/**
 * Declares the event types an organ handles. On the class, the class's `handle(event)` method is the
 * handler; on a method, that method is (one class may then hold several handlers). A handler may be
 * sync or async and returns `Event | Event[] | void | null`.
 *
 * @example
 * ```ts
 * @Organ()
 * class Billing {
 *   @ListensTo('ORDER_PLACED', { payload: OrderPlacedDto })
 *   charge(event: Event<OrderPlacedDto>) {
 *     return new Event('PAYMENT_PROCESSED', { orderId: event.payload.orderId });
 *   }
 *
 *   @ListensTo(['ORDER_CANCELLED', 'ORDER_REFUNDED'])
 *   refund(event: Event) {}
 * }
 * ```
 */
export function ListensTo(types: string | readonly string[], options: ListensToOptions = {}) {
  return (target: object, propertyKey?: string | symbol): void => {
    const onClass = propertyKey === undefined;
    const cls = (onClass ? target : target.constructor) as ClassType;
    const eventTypes = (typeof types === 'string' ? [types] : [...types]).map((type) => {
      if (typeof type !== 'string' || type.trim().length === 0) {
        throw new OrganDefinitionError(cls.name, '@ListensTo() was given an empty event type');
      }
      return type.trim();
    });
    if (eventTypes.length === 0) {
      throw new OrganDefinitionError(cls.name, '@ListensTo() needs at least one event type');
    }
    addListenerMetadata(cls, { method: propertyKey ?? 'handle', eventTypes, payload: options.payload, onClass });
  };
}

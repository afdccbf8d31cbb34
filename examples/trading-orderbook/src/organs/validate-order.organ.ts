import { Event, ListensTo, Organ, PayloadValidationError, validatePayload } from '@necrostack/core';
import { OrderDto } from '../dto/order.dto';
import { ORDER_REJECTED, ORDER_SUBMITTED, ORDER_VALIDATED } from '../events';

/**
 * Admits orders to the market. The rules are the OrderDto's; an order that breaks them is not an
 * error of the system but a trading outcome, so it becomes ORDER_REJECTED with every reason (the
 * original's behaviour) rather than a dead letter. A valid order is normalised and named by its
 * ORDER_SUBMITTED event's id.
 */
@Organ()
@ListensTo(ORDER_SUBMITTED)
export class ValidateOrder {
  handle(event: Event): Event {
    let order: OrderDto;
    try {
      order = validatePayload(OrderDto, event.payload, event.eventType);
    } catch (error) {
      if (!(error instanceof PayloadValidationError)) throw error;
      return new Event(ORDER_REJECTED, { order_id: event.id, trader_id: traderOf(event.payload), reason: reasons(error) });
    }
    return new Event(ORDER_VALIDATED, {
      order_id: event.id,
      trader_id: order.trader_id,
      symbol: order.symbol,
      side: order.side,
      order_type: order.order_type,
      quantity: order.quantity,
      price: order.order_type === 'LIMIT' ? (order.price as number) : null,
    });
  }
}

function traderOf(payload: object): string {
  const trader = (payload as { trader_id?: unknown }).trader_id;
  return typeof trader === 'string' && trader.trim() !== '' ? trader.trim() : 'unknown';
}

/**
 * One message per invalid property: `trader_id is required; quantity must be …`. class-validator
 * lists a property's constraints from its last decorator to its first; the first one written is
 * the most basic (a missing price is "needs a positive price", not also "exceeds the maximum").
 */
function reasons(error: PayloadValidationError): string {
  return error.violations.map((violation) => Object.values(violation.constraints).at(-1)).join('; ');
}

/** The event types of the flow: request → ORDER_PLACED → ReserveStock → ORDER_ACCEPTED | ORDER_REJECTED → Notifier. */
export const ORDER_PLACED = 'ORDER_PLACED';
export const ORDER_ACCEPTED = 'ORDER_ACCEPTED';
export const ORDER_REJECTED = 'ORDER_REJECTED';

/** What `POST /orders` puts on the backend (the validated body, known fields only). */
export interface OrderPlacedPayload {
  readonly customerId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** ORDER_ACCEPTED: the stock is reserved. `orderId` is the id of the ORDER_PLACED event. */
export interface OrderAcceptedPayload {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  /** Stock of the SKU left after this reservation. */
  readonly remaining: number;
}

/** ORDER_REJECTED: the order cannot be served, and why. */
export interface OrderRejectedPayload {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly reason: string;
}

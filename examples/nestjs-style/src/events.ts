/**
 * The application's event types: the contract between its modules. A module's organs listen to
 * these names and never import another module's organs. Payload keys are snake_case, as on the wire.
 */
export const ORDER_PLACED = 'ORDER_PLACED';
export const ORDER_CREATED = 'ORDER_CREATED';
export const ORDER_BILLED = 'ORDER_BILLED';
export const PAYMENT_DECLINED = 'PAYMENT_DECLINED';

/** ORDER_CREATED: an order was validated and saved in the orders repository. */
export interface OrderCreated {
  readonly order_id: string;
  readonly total_cents: number;
}

/** ORDER_BILLED: an invoice was issued. */
export interface OrderBilled {
  readonly order_id: string;
  readonly invoice_id: string;
  readonly amount_cents: number;
}

/** PAYMENT_DECLINED: billing refused the order. */
export interface PaymentDeclined {
  readonly order_id: string;
  readonly reason: string;
}

/**
 * The application's event types: the contract between its feature modules. A module's organs listen
 * to these names and never import another module's organs.
 */
export const ORDER_PLACED = 'ORDER_PLACED';
export const PAYMENT_CAPTURED = 'PAYMENT_CAPTURED';
export const PAYMENT_DECLINED = 'PAYMENT_DECLINED';

/** PAYMENT_CAPTURED: billing charged the order. `orderId` is the id of the ORDER_PLACED event. */
export interface PaymentCaptured {
  readonly orderId: string;
  readonly customerEmail: string;
  readonly paymentId: string;
  readonly amountCents: number;
}

/** PAYMENT_DECLINED: billing refused the order. */
export interface PaymentDeclined {
  readonly orderId: string;
  readonly customerEmail: string;
  readonly reason: string;
}

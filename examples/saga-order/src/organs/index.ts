/**
 * The saga's organs, one per step. Importing this module is what lets DI discovery find them:
 * `@Organ()` only records metadata; `container.resolve(Spine)` builds every @Organ class loaded so far.
 */
export { ProcessPayment } from './process-payment.organ';
export { ReserveInventory } from './reserve-inventory.organ';
export { ConfirmOrder } from './confirm-order.organ';
export { CancelOrder } from './cancel-order.organ';
export { CompensateOrder } from './compensate-order.organ';
export { ReleaseInventory } from './release-inventory.organ';
export { RefundPayment } from './refund-payment.organ';
export { SagaLog } from './saga-log.organ';

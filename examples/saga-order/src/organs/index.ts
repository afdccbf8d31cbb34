/**
 * The saga and its organs. Importing this module is what lets DI discovery find them: `@Saga()` and
 * `@Organ()` only record metadata; `container.resolve(Spine)` builds every organ class loaded so far.
 */
export { OrderSaga } from './order.saga';
export { ProcessPayment } from './process-payment.organ';
export { ReserveInventory } from './reserve-inventory.organ';
export { ShipOrder } from './ship-order.organ';
export { ReleaseInventory } from './release-inventory.organ';
export { RefundPayment } from './refund-payment.organ';
export { SagaLog } from './saga-log.organ';

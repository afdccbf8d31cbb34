/**
 * The worker's organs. Importing this module is what lets DI discovery find them: `@Organ()` only
 * records metadata; `container.resolve(Spine)` builds every @Organ class loaded so far.
 */
export { ReserveStock } from './reserve-stock.organ';
export { Notifier } from './notifier.organ';

/**
 * The order book's organs. Importing this module is what lets DI discovery find them: `@Organ()` only
 * records metadata; `container.resolve(Spine)` builds every @Organ class loaded so far.
 */
export { ValidateOrder } from './validate-order.organ';
export { MatchingEngine } from './matching-engine.organ';
export { Settlement } from './settlement.organ';
export { RiskManager } from './risk-manager.organ';
export { AuditTrail } from './audit-trail.organ';

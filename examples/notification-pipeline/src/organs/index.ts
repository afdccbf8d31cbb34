/**
 * The pipeline's organs. Importing this module is what lets DI discovery find them: `@Organ()` only
 * records metadata; `container.resolve(Spine)` builds every @Organ class loaded so far.
 */
export { Validate } from './validate.organ';
export { Router } from './router.organ';
export { Email } from './email.organ';
export { Sms } from './sms.organ';
export { Push } from './push.organ';
export { Audit } from './audit.organ';

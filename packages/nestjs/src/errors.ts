import { NecroStackError } from '@necrostack/core';

/**
 * The injected `Spine` was used when there is none to use: before `NecroStackModule` built it (the
 * Spine is built once every provider exists, in `onModuleInit`), or in an application without
 * organs. `reason` says which.
 *
 * @example
 * ```ts
 * try {
 *   await spine.publish(event);
 * } catch (error) {
 *   if (error instanceof SpineNotReadyError) console.error(error.reason, error.help);
 * }
 * ```
 */
export class SpineNotReadyError extends NecroStackError {
  constructor(readonly reason: 'not built yet' | 'no organs') {
    super(
      'NECRO_SPINE_NOT_READY',
      reason === 'no organs'
        ? 'The Spine does not exist: no provider of the application is an @Organ() class'
        : 'The Spine is not built yet: NecroStackModule builds it in onModuleInit, once every provider exists',
      {
        help: reason === 'no organs'
          ? 'List your @Organ() classes in the providers of a module, or publish through the backend (@InjectBackend()) in an application that only sends events.'
          : 'Use the Spine from onModuleInit, onApplicationBootstrap or a request handler on, not in a constructor; in a test, call await moduleRef.init() (or app.init()) first.',
      },
    );
  }
}

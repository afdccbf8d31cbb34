import type { InjectionToken } from 'tsyringe';
import type { Backend } from '../backend/backend';
import type { Logger } from '../logging/logger';
import type { SpineSettings } from '../spine/spine-options';
import type { ClassType } from '../organ/metadata';

/**
 * The backend the Spine reads from. Register it before `container.resolve(Spine)`.
 *
 * @example
 * ```ts
 * container.register(BACKEND, { useValue: new InMemoryBackend() });
 * const spine = container.resolve(Spine);
 * ```
 */
export const BACKEND: InjectionToken<Backend> = Symbol.for('necrostack:BACKEND');

/** What may be registered under {@link SPINE_OPTIONS}: settings, and optionally the organs to use instead of discovery. */
export interface ContainerSpineOptions extends SpineSettings {
  /** Use these organs (instances or classes resolved from the container) instead of every discovered `@Organ`. */
  readonly organs?: readonly (object | ClassType)[];
}

/**
 * Optional Spine settings for `container.resolve(Spine)`.
 *
 * @example
 * ```ts
 * container.register(SPINE_OPTIONS, { useValue: { concurrency: 8, handlerFailureMode: HandlerFailureMode.NACK } });
 * ```
 */
export const SPINE_OPTIONS: InjectionToken<ContainerSpineOptions> = Symbol.for('necrostack:SPINE_OPTIONS');

/**
 * Optional {@link Logger} for `container.resolve(Spine)`; defaults to the winston JSON logger.
 *
 * @example
 * ```ts
 * container.register(LOGGER, { useValue: createLogger({ level: 'debug' }) });
 * ```
 */
export const LOGGER: InjectionToken<Logger> = Symbol.for('necrostack:LOGGER');

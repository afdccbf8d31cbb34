import type { InjectionToken } from 'tsyringe';
import type { Backend } from '../backend/backend';
import type { Logger } from '../logging/logger';
import type { SpineSettings } from '../spine/spine-options';
import type { ClassType } from '../organ/metadata';

/**
 * A DI token that tsyringe and NestJS both accept: at run time a symbol; its type also tells
 * tsyringe what the token resolves to (`container.resolve(BACKEND)` is a `Backend`). Use it only
 * as a token: it is not callable.
 *
 * @example
 * ```ts
 * constructor(@inject(BACKEND) backend: Backend) {}   // tsyringe
 * constructor(@Inject(BACKEND) backend: Backend) {}   // NestJS
 * ```
 */
export type DiToken<T> = symbol & Exclude<InjectionToken<T>, string | symbol>;

/**
 * The backend the Spine reads from. Register it before `container.resolve(Spine)`.
 *
 * @example
 * ```ts
 * container.register(BACKEND, { useValue: new InMemoryBackend() });
 * const spine = container.resolve(Spine);
 * ```
 */
export const BACKEND = Symbol.for('necrostack:BACKEND') as DiToken<Backend>;

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
export const SPINE_OPTIONS = Symbol.for('necrostack:SPINE_OPTIONS') as DiToken<ContainerSpineOptions>;

/**
 * Optional {@link Logger} for `container.resolve(Spine)`; defaults to the winston JSON logger.
 *
 * @example
 * ```ts
 * container.register(LOGGER, { useValue: createLogger({ level: 'debug' }) });
 * ```
 */
export const LOGGER = Symbol.for('necrostack:LOGGER') as DiToken<Logger>;
